// Photo files in a directory, named by the SHA-256 of their (GPS-stripped) content: the same
// photo sent twice is one file. Written atomically (temp file, fsync, rename), so a crash never
// leaves half a photo under a real name. Only names of that exact form are ever read.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSynced } from '../store/atomic-file.js';
import type { PhotoType } from './photo-file.js';

const NAME = /^[0-9a-f]{64}\.(jpg|png)$/u;

export function isPhotoFileName(name: string): boolean {
  return NAME.test(name);
}

export function photoFileName(bytes: Buffer, type: PhotoType): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.${type === 'image/png' ? 'png' : 'jpg'}`;
}

export class DirectoryPhotoFiles {
  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  /** Stores the bytes (once per content) and returns the file name. */
  async save(bytes: Buffer, type: PhotoType): Promise<string> {
    const name = photoFileName(bytes, type);
    const path = join(this.dir, name);
    mkdirSync(this.dir, { recursive: true });
    const existing = await stat(path).catch(() => undefined);
    if (existing?.size === bytes.length) return name;
    const temp = join(this.dir, `.${name}.tmp-${randomBytes(4).toString('hex')}`);
    await writeSynced(temp, bytes, 'w', 0o640);
    try {
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } catch {
      // Some file systems cannot fsync a directory; the rename itself is atomic.
    } finally {
      await dir.close();
    }
    return name;
  }

  /** The file's bytes, or null (no such file, or not a photo file name). */
  async read(name: string): Promise<Buffer | null> {
    if (!isPhotoFileName(name)) return null;
    try {
      return await readFile(join(this.dir, name));
    } catch {
      return null;
    }
  }
}
