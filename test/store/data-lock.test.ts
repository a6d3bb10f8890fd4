// One process per DATA_DIR: a second one is refused with a clear Chinese message naming the
// owner, and a lock left by a killed process never blocks start-up.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError } from '../../src/store/data-lock.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { newReport } from './contract.js';

const root = mkdtempSync(join(tmpdir(), 'djzs-lock-'));
let seq = 0;
const freshDir = (): string => join(root, `d${++seq}`);
const children: ChildProcess[] = [];

afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Starts a process holding the store on `dir`; resolves once it has the lock. */
function holder(dir: string): Promise<{ child: ChildProcess; lines: string[]; next: () => Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/fixtures/hold-store.ts', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
    wake?.();
  });
  const next = async (): Promise<string> => {
    while (lines.length === 0) await new Promise<void>((res) => (wake = res));
    return lines.shift() ?? '';
  };
  return next().then((first) => {
    expect(first).toBe('ready');
    return { child, lines, next };
  });
}

describe('data directory lock', () => {
  it('refuses a second store on the same directory in the same process', async () => {
    const dir = freshDir();
    const a = new EmbeddedStore({ dir });
    try {
      expect(() => new EmbeddedStore({ dir })).toThrow(DataDirLockedError);
    } finally {
      await a.close();
    }
    // Released on close: the directory can be opened again.
    const b = new EmbeddedStore({ dir });
    await b.close();
  });

  it('refuses a second process clearly, naming the owner and what to do; never loses its records', async () => {
    const dir = freshDir();
    const { child, next } = await holder(dir);
    child.stdin?.write('add from-child-1\n');
    expect(await next()).toBe('ok 1');
    let error: unknown;
    try {
      new EmbeddedStore({ dir });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const message = (error as Error).message;
    expect(message).toContain(`进程 ${child.pid}`);
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('DATA_DIR');
    // The owner keeps working undisturbed.
    child.stdin?.write('add from-child-2\n');
    expect(await next()).toBe('ok 2');
  }, 60_000);

  it('takes over the lock of a process killed with SIGKILL, with its acknowledged records', async () => {
    const dir = freshDir();
    const { child, next } = await holder(dir);
    child.stdin?.write('add before-kill\n');
    expect(await next()).toBe('ok 1');
    const exited = new Promise((res) => child.once('exit', res));
    child.kill('SIGKILL');
    await exited;
    expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toContain(String(child.pid)); // left behind
    const store = new EmbeddedStore({ dir });
    try {
      expect((await store.listReports('第一党支部')).map((r) => r.messageId)).toEqual(['before-kill']);
      expect((await store.addReport(newReport())).report.id).toBe(2);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('takes over a lock whose pid no longer runs, and one left half-written', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), since: 'x', command: 'old' }));
    const a = new EmbeddedStore({ dir });
    await a.close();
    writeFileSync(join(dir, 'LOCK'), '{"pid":');
    const old = new Date(Date.now() - 60_000);
    (await import('node:fs')).utimesSync(join(dir, 'LOCK'), old, old);
    const b = new EmbeddedStore({ dir });
    await b.close();
  });
});
