// One process per data directory. The embedded store keeps its state in memory, so a second
// process on the same DATA_DIR would overwrite the first one's records (two reports got "#10",
// one vanished). The lock is a file created exclusively (O_EXCL) holding the owner's pid and
// process start time; a lock whose process is gone (kill -9, power loss, container restart) is
// stale and taken over, so a crash never blocks start-up.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'LOCK';

interface Owner {
  pid: number;
  host: string;
  /** Kernel boot id and process start time (Linux), to tell a reused pid from the owner. */
  boot?: string;
  start?: string;
  since: string;
  command: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: Owner,
  ) {
    const where = owner.host === hostname() ? `进程 ${owner.pid}` : `主机 ${owner.host} 上的进程 ${owner.pid}`;
    super(
      [
        `数据目录 ${dir} 正被${where}使用（${owner.command}，自 ${owner.since} 起）。`,
        '嵌入式存储只允许一个进程读写同一个数据目录，否则记录会互相覆盖。',
        '请任选其一：',
        `- 先停止进程 ${owner.pid}，再启动本程序；`,
        '- 多个进程（例如服务器加 npm run chat）共用数据时，设置 REDIS_URL 改用 Redis；',
        '- 为本进程另设 DATA_DIR（例如 DATA_DIR=./data-test npm run chat），使用另一份数据。',
      ].join('\n'),
    );
    this.name = 'DataDirLockedError';
  }
}

/** Directories locked by this process, so a second store in the same process is refused too. */
const heldHere = new Set<string>();

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export function lockDataDir(dirIn: string): DataDirLock {
  const dir = resolve(dirIn);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me = describeSelf();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, me)) {
      heldHere.add(dir);
      const onExit = (): void => removeIfOurs(path, me);
      process.once('exit', onExit);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(dir);
          process.off('exit', onExit);
          removeIfOurs(path, me);
        },
      };
    }
    const owner = readOwner(path);
    if (owner === undefined) {
      // Being written right now, or left half-written by a crash: give it a moment, then treat
      // an old unreadable lock as stale.
      if (ageMs(path) < 2000) {
        sleepSync(50);
        continue;
      }
      breakStale(path, undefined);
      continue;
    }
    if (owner.pid === process.pid && owner.host === me.host && owner.start === me.start && heldHere.has(dir)) {
      throw new DataDirLockedError(dir, owner);
    }
    if (isAlive(owner, me)) throw new DataDirLockedError(dir, owner);
    breakStale(path, owner);
  }
  throw new Error(`could not take the lock ${path}`);
}

function tryCreate(path: string, me: Owner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if (isCode(err, 'EEXIST')) return false;
    throw err;
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes a stale lock, unless someone replaced it meanwhile (a guard directory serialises breakers). */
function breakStale(path: string, seen: Owner | undefined): void {
  const guard = `${path}.break`;
  try {
    mkdirSync(guard);
  } catch (err) {
    if (!isCode(err, 'EEXIST')) throw err;
    // Another process is breaking it; a guard left by a crash is removed after a while.
    if (ageMs(guard) > 5000) rmdirSync(guard);
    else sleepSync(50);
    return;
  }
  try {
    const now = readOwner(path);
    const same = seen === undefined ? now === undefined : now !== undefined && JSON.stringify(now) === JSON.stringify(seen);
    if (same) {
      try {
        unlinkSync(path);
      } catch (err) {
        if (!isCode(err, 'ENOENT')) throw err;
      }
    }
  } finally {
    rmdirSync(guard);
  }
}

function removeIfOurs(path: string, me: Owner): void {
  try {
    const owner = readOwner(path);
    if (owner && owner.pid === me.pid && owner.start === me.start && owner.host === me.host) unlinkSync(path);
  } catch {
    // Best effort: a lock left behind is stale and is taken over at the next start.
  }
}

function readOwner(path: string): Owner | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (isCode(err, 'ENOENT')) return undefined;
    throw err;
  }
  try {
    const raw = JSON.parse(text) as Partial<Owner>;
    if (typeof raw.pid !== 'number' || typeof raw.host !== 'string') return undefined;
    return {
      pid: raw.pid,
      host: raw.host,
      ...(typeof raw.boot === 'string' ? { boot: raw.boot } : {}),
      ...(typeof raw.start === 'string' ? { start: raw.start } : {}),
      since: typeof raw.since === 'string' ? raw.since : '?',
      command: typeof raw.command === 'string' ? raw.command : '?',
    };
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner still runs. Another host's lock cannot be checked: assume it does. */
function isAlive(owner: Owner, me: Owner): boolean {
  if (owner.host !== me.host) return true;
  // Same machine after a reboot: every old process is gone.
  if (owner.boot !== undefined && me.boot !== undefined && owner.boot !== me.boot) return false;
  if (owner.pid === me.pid) return false; // our pid, but not our lock: a previous life (containers reuse pid 1)
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if (isCode(err, 'ESRCH')) return false;
  }
  // The pid runs; it is the owner only if it started when the owner did.
  if (owner.start !== undefined) {
    const start = processStart(owner.pid);
    if (start !== undefined && start !== owner.start) return false;
  }
  return true;
}

function describeSelf(): Owner {
  const boot = readText('/proc/sys/kernel/random/boot_id');
  const start = processStart(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    ...(boot !== undefined ? { boot } : {}),
    ...(start !== undefined ? { start } : {}),
    since: new Date().toISOString(),
    command: commandLine(),
  };
}

function commandLine(): string {
  const lifecycle = process.env.npm_lifecycle_event;
  const script = process.argv.slice(1, 2).map((a) => a.split('/').slice(-3).join('/'));
  return [lifecycle ? `npm run ${lifecycle}` : undefined, `node ${script.join(' ')}`.trim()].filter(Boolean).join('：');
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
function processStart(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isCode(err: unknown, code: string): boolean {
  return err instanceof Error && 'code' in err && err.code === code;
}
