// An append-only journal of JSON lines with group commit, plus compaction into a snapshot.
//
// Every change is one line. Lines waiting while a write is on the disk go out together in the
// next write, followed by one fdatasync, so a burst of N changes costs one sync, not N, and no
// change rewrites anything but itself. `append` resolves once its line is durable.
//
// Files in the data directory:
//   snapshot.jsonl        a header line {"snapshot":1,"through":N} then the state as entries;
//                         replaced atomically (temp file, fsync, rename, fsync directory)
//   journal-<n>.jsonl     the changes after the snapshot, one file per generation
// Loading reads the snapshot, then every journal with n > N in order. A crash can leave a torn
// last line, which is cut off (it was never acknowledged); a bad line anywhere else stops
// start-up rather than silently dropping data.
//
// Compaction (when the journal has grown past the snapshot): switch appends to generation n+1,
// capture the state (references only), write it as the new snapshot through n a chunk at a time
// (yielding to the event loop between chunks), then delete journals ≤ n. Replaying entries that
// the snapshot already contains is harmless because every entry sets a value, never increments.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fdatasync as fdatasyncCb, write as writeCb } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SNAPSHOT = 'snapshot.jsonl';
const JOURNAL = /^journal-(\d{6,})\.jsonl$/u;

export interface JournalOptions {
  dir: string;
  /** Compact once the journal exceeds this many bytes and the snapshot's size (default 16 MiB). */
  compactBytes?: number;
  /** Called for every entry on load, in order. */
  apply: (entry: unknown) => void;
  /** The entries that make up the current state, captured when called (for a snapshot). */
  snapshot: () => Iterable<object>;
  onError?: (err: unknown, what: string) => void;
  /**
   * Called once when a write fails, before its waiters (and every later one) are rejected: the
   * owner's memory is now ahead of the disk and must be rebuilt, e.g. by calling `load()`.
   */
  onWriteFailed?: (err: unknown) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class JournalCorruptError extends Error {
  constructor(file: string, line: number, cause: unknown) {
    super(`${file} line ${line} is not a valid entry; refusing to start over it (restore a backup or remove the file knowingly)`, { cause });
    this.name = 'JournalCorruptError';
  }
}

export class Journal {
  readonly dir: string;
  private readonly options: JournalOptions;
  private readonly compactBytes: number;
  private generation = 0;
  private fd = -1;
  private bytes = 0;
  private snapshotBytes = 0;
  private pending: string[] = [];
  private waiters: Waiter[] = [];
  private writing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private closed = false;
  /** Entries read on the last load (for start-up logs and tests). */
  loadedEntries = 0;

  constructor(options: JournalOptions) {
    this.options = options;
    this.dir = options.dir;
    this.compactBytes = options.compactBytes ?? 16 * 1024 * 1024;
    mkdirSync(this.dir, { recursive: true });
    this.load();
  }

  /** (Re)reads the state from disk into `apply`, cutting a torn tail; opens the newest journal. */
  load(): void {
    this.closeFd();
    for (const name of readdirSync(this.dir)) if (name.includes('.tmp-')) rmSync(join(this.dir, name), { force: true });
    this.loadedEntries = 0;
    let through = -1;
    const snapshotPath = join(this.dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const text = readFileSync(snapshotPath, 'utf8');
      this.snapshotBytes = Buffer.byteLength(text);
      const lines = text.split('\n');
      const header = parseLine(lines[0] ?? '', SNAPSHOT, 1) as { snapshot?: unknown; through?: unknown };
      if (header.snapshot !== 1 || typeof header.through !== 'number') throw new JournalCorruptError(SNAPSHOT, 1, new Error('bad header'));
      through = header.through;
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (line === '') continue;
        this.applyLine(line, SNAPSHOT, i + 1);
      }
    }
    const journals = readdirSync(this.dir)
      .flatMap((name) => {
        const m = JOURNAL.exec(name);
        return m ? [{ name, n: Number(m[1]) }] : [];
      })
      .sort((a, b) => a.n - b.n);
    for (const j of journals) if (j.n <= through) rmSync(join(this.dir, j.name), { force: true });
    const live = journals.filter((j) => j.n > through);
    for (const [index, j] of live.entries()) {
      const path = join(this.dir, j.name);
      const raw = readFileSync(path);
      // Each write is whole lines, so only bytes after the final newline can be torn: a write the
      // crash cut short, never acknowledged. Every complete line must be valid.
      const good = raw.lastIndexOf(0x0a) + 1;
      const lines = raw.subarray(0, good).toString('utf8').split('\n');
      lines.pop();
      if (good < raw.length && index < live.length - 1) throw new JournalCorruptError(j.name, lines.length + 1, new Error('torn line in an older journal'));
      for (const [i, line] of lines.entries()) if (line !== '') this.applyLine(line, j.name, i + 1);
      if (good < raw.length) {
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, good);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    }
    const newest = live.at(-1);
    this.generation = newest?.n ?? through + 1;
    this.openGeneration(this.generation);
  }

  private applyLine(line: string, file: string, lineNo: number): void {
    const entry = parseLine(line, file, lineNo);
    try {
      this.options.apply(entry);
    } catch (err) {
      throw new JournalCorruptError(file, lineNo, err);
    }
    this.loadedEntries += 1;
  }

  private journalPath(n: number): string {
    return join(this.dir, `journal-${String(n).padStart(6, '0')}.jsonl`);
  }

  private openGeneration(n: number): void {
    const path = this.journalPath(n);
    const created = !existsSync(path);
    this.fd = openSync(path, 'a', 0o600);
    this.bytes = fstatSync(this.fd).size;
    if (created) syncDir(this.dir);
  }

  private closeFd(): void {
    try {
      if (this.fd >= 0) closeSync(this.fd);
    } catch {
      // Already unusable (that may be why we are reloading): nothing left to release.
    }
    this.fd = -1;
  }

  /** Queues entries; resolves once they are on disk (fdatasync), rejects if the write failed. */
  append(...entries: object[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal closed'));
    for (const entry of entries) this.pending.push(`${JSON.stringify(entry)}\n`);
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.writing ??= this.flush();
    });
  }

  /** Lines queued or being written. */
  get backlog(): number {
    return this.pending.length;
  }

  /** Resolves once everything queued so far is durable (without waiting for a compaction). */
  sync(): Promise<void> {
    if (!this.writing && this.pending.length === 0) return Promise.resolve();
    return this.append();
  }

  private async flush(): Promise<void> {
    // Let every change made in this turn of the event loop join the first write.
    await new Promise((res) => setImmediate(res));
    while (this.waiters.length > 0) {
      const lines = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        if (lines.length > 0) await this.write(lines.join(''));
      } catch (err) {
        // Later lines were built on top of these: they fail too, and the owner reloads.
        const all = [...waiters, ...this.waiters];
        this.pending = [];
        this.waiters = [];
        this.writing = null;
        this.options.onWriteFailed?.(err);
        for (const w of all) w.reject(err);
        return;
      }
      for (const w of waiters) w.resolve();
      if (!this.compacting && this.bytes > Math.max(this.compactBytes, this.snapshotBytes)) this.startCompaction();
    }
    this.writing = null;
  }

  private async write(text: string): Promise<void> {
    const buf = Buffer.from(text, 'utf8');
    const fd = this.fd;
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await writeFd(fd, buf, off, buf.length - off, null);
      off += bytesWritten;
    }
    this.bytes += buf.length;
    await fdatasyncFd(fd);
  }

  /** Switches appends to the next generation and writes the snapshot in the background. */
  private startCompaction(): void {
    const through = this.generation;
    this.closeFd();
    this.generation += 1;
    this.openGeneration(this.generation);
    const entries = this.options.snapshot();
    this.compacting = this.writeSnapshot(entries, through)
      .catch((err: unknown) => this.options.onError?.(err, 'compaction failed; the journal is kept'))
      .finally(() => {
        this.compacting = null;
      });
  }

  private async writeSnapshot(entries: Iterable<object>, through: number): Promise<void> {
    const temp = join(this.dir, `${SNAPSHOT}.tmp-${process.pid}`);
    const file = await open(temp, 'w', 0o600);
    let size = 0;
    try {
      let chunk = `${JSON.stringify({ snapshot: 1, through })}\n`;
      for (const entry of entries) {
        chunk += `${JSON.stringify(entry)}\n`;
        if (chunk.length >= 256 * 1024) {
          size += (await file.write(chunk)).bytesWritten;
          chunk = '';
        }
      }
      size += (await file.write(chunk)).bytesWritten;
      await file.sync();
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    await file.close();
    await rename(temp, join(this.dir, SNAPSHOT));
    syncDir(this.dir);
    this.snapshotBytes = size;
    for (const name of readdirSync(this.dir)) {
      const m = JOURNAL.exec(name);
      if (m && Number(m[1]) <= through) rmSync(join(this.dir, name), { force: true });
    }
  }

  /** Forces a compaction now and waits for it (tests, start-up after a long journal). */
  async compact(): Promise<void> {
    await this.idle();
    if (!this.compacting) this.startCompaction();
    await this.compacting;
  }

  /** Resolves once every queued line is written and any compaction has finished. */
  async idle(): Promise<void> {
    while (this.writing || this.compacting) {
      await this.writing?.catch(() => undefined);
      await this.compacting;
    }
  }

  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
    this.closeFd();
  }
}

function parseLine(line: string, file: string, lineNo: number): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    throw new JournalCorruptError(file, lineNo, err);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic there.
  } finally {
    closeSync(fd);
  }
}

const writeFd = promisify(writeCb);
const fdatasyncFd = promisify(fdatasyncCb);

/**
 * Copies the journal files of `from` into `to` for a read-only look (the reminders dry run) while
 * the owning process keeps writing: a torn last line is cut when the copy loads, and a copy that
 * raced with a compaction (a journal missing after the snapshot) is taken again.
 */
export function copyJournalFiles(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    for (const name of readdirSync(to)) rmSync(join(to, name), { force: true });
    let through = -1;
    try {
      const snapshot = readFileSync(join(from, SNAPSHOT));
      writeFileSync(join(to, SNAPSHOT), snapshot);
      const header = JSON.parse(snapshot.subarray(0, Math.max(0, snapshot.indexOf(0x0a))).toString('utf8')) as { through?: number };
      through = header.through ?? -1;
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
    }
    const copied: number[] = [];
    for (const name of readdirSync(from)) {
      const m = JOURNAL.exec(name);
      if (!m || Number(m[1]) <= through) continue;
      try {
        writeFileSync(join(to, name), readFileSync(join(from, name)));
        copied.push(Number(m[1]));
      } catch (err) {
        if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
      }
    }
    copied.sort((a, b) => a - b);
    if (copied.every((n, i) => n === through + 1 + i)) return;
  }
  throw new Error(`could not take a consistent copy of ${from}`);
}
