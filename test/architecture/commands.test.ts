// handlers/index.ts pairs each English file with the Chinese command users type (a comment column);
// this keeps that column true to each spec's name, and the registry complete.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../src/bot/command.js';
import { commands, photoMessages } from '../../handlers/index.js';
import { ROOT } from './graph.js';

interface Row {
  file: string;
  /** Named imports (`{ a, b }`), else the default one. */
  named: boolean;
  bindings: string[];
  /** The Chinese names in the comment, before any （note）. */
  names: string[];
}

function rows(source: string): Row[] {
  return [...source.matchAll(/^import (\w+|\{ [\w, ]+ \}) from '\.\/([\w-]+)\.js'; +\/\/ ([^\n（]+)/gmu)].map((m) => ({
    file: m[2] ?? '',
    named: (m[1] ?? '').startsWith('{'),
    bindings: (m[1] ?? '').replace(/[{}]/g, '').split(',').map((b) => b.trim()),
    names: (m[3] ?? '').trim().split('、'),
  }));
}

/** The spec names a row's bindings actually import, in the same order. */
async function importedNames(row: Row): Promise<string[]> {
  const mod = (await import(`../../handlers/${row.file}.ts`)) as Record<string, CommandSpec>;
  return row.bindings.map((b) => (row.named ? mod[b] : mod.default)?.name ?? `(no spec ${b})`);
}

describe('handlers/index.ts command column', () => {
  const source = readFileSync(join(ROOT, 'handlers/index.ts'), 'utf8');
  const table = rows(source);

  it('reads the column (the parser itself works, and a wrong name is found)', async () => {
    expect(table.length).toBeGreaterThanOrEqual(20);
    const wrong = rows("import overview from './overview.js'; // 进度\n");
    expect(wrong).toEqual([{ file: 'overview', named: false, bindings: ['overview'], names: ['进度'] }]);
    expect(await importedNames(wrong[0] as Row)).not.toEqual(wrong[0]?.names);
  });

  it('names, beside each import, the commands that file defines', async () => {
    const mismatches: string[] = [];
    for (const row of table) {
      const actual = await importedNames(row);
      if (actual.join('、') !== row.names.join('、')) mismatches.push(`${row.file}.ts: column ${row.names.join('、')}, specs ${actual.join('、')}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('covers every registered command', () => {
    const column = new Set(table.flatMap((r) => r.names));
    expect([...commands, photoMessages].map((c) => c.name).filter((n) => !column.has(n))).toEqual([]);
  });
});
