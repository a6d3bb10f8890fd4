// A file that is only ever replaced whole and atomically: write a temp file, fsync it, rename it
// over the old one, fsync the directory. A crash leaves either the old or the new content, plus
// at worst a stray temp file, which the next start removes.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Runs tasks one after another, in call order, whatever each one's outcome. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T> | T): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every task queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}

export class AtomicFile {
  private readonly writes = new Serial();

  constructor(readonly path: string) {}

  private get tempPrefix(): string {
    return `${basename(this.path)}.tmp-`;
  }

  /** Creates the directory, removes temp files a crash left behind, returns the content or undefined. */
  readSync(): string | undefined {
    const dir = dirname(this.path);
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (name.startsWith(this.tempPrefix)) rmSync(join(dir, name), { force: true });
    }
    try {
      return readFileSync(this.path, 'utf8');
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Replaces the content; writes are serialized, and the promise resolves once it is durable. */
  write(text: string): Promise<void> {
    return this.writes.run(() => this.replace(text));
  }

  idle(): Promise<void> {
    return this.writes.idle();
  }

  private async replace(text: string): Promise<void> {
    const temp = join(dirname(this.path), `${this.tempPrefix}${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const file = await open(temp, 'w', 0o600);
      try {
        await file.writeFile(text, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.path);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    // Make the rename itself durable.
    const dir = await open(dirname(this.path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
