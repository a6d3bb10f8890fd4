// Files written whole and durably: the bytes go to a fresh temp file that is fsynced before the
// caller renames or links it into place (and fsyncs the directory), so a crash leaves the old
// content or the new, at worst a stray temp file. Kept values and photo files write this way.
import { open } from 'node:fs/promises';

/** Writes `data` to `temp` (flag 'wx': it must not exist yet) and fsyncs it before returning. */
export async function writeSynced(temp: string, data: string | Buffer, flag: 'w' | 'wx', mode: number): Promise<void> {
  const file = await open(temp, flag, mode);
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}
