// A small value created once and kept in a file of its own in the data directory (the embedded
// store's getOrCreateValue). Written to a temp file first, then hard-linked into place: link()
// fails when the name exists, so of two processes racing exactly one value wins, and a reader
// never sees a half-written file.
import { randomBytes } from 'node:crypto';
import { mkdir, link, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSynced } from './atomic-file.js';

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

export function checkValueName(name: string): void {
  if (!NAME.test(name)) throw new Error(`invalid value name: ${JSON.stringify(name)}`);
}

async function readKept(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function getOrCreateFileValue(dir: string, name: string, candidate: string): Promise<string> {
  checkValueName(name);
  if (candidate === '' || /[\r\n]/.test(candidate)) throw new Error('a kept value must be one non-empty line');
  const path = join(dir, name);
  const existing = await readKept(path);
  if (existing !== undefined) return existing;
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  await writeSynced(temp, `${candidate}\n`, 'wx', 0o600);
  try {
    await link(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
  const kept = await readKept(path);
  if (kept === undefined) throw new Error(`${path} is empty`);
  return kept;
}
