// The README's 代码结构 is the newcomer's map: every file and directory directly under src/,
// handlers/ and schedules/ must be named in it, and every path it names must exist.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './graph.js';

const MAPPED_DIRS = ['src', 'handlers', 'schedules'];

/** The paths the code map names: `dir/` at the left margin, its entries indented by two spaces. */
function mapPaths(readme: string): string[] {
  const section = /^## 代码结构\n+```\n([\s\S]*?)^```/m.exec(readme);
  if (!section?.[1]) return [];
  const paths: string[] = [];
  let parent = '';
  for (const line of section[1].split('\n')) {
    const m = /^( {0,2})([\w.-]+\/|[\w.-]+\.ts)(?:\s|$)/.exec(line);
    const name = m?.[2];
    if (!m || !name) continue;
    if (m[1] === '') {
      parent = name;
      paths.push(name.replace(/\/$/, ''));
    } else if (parent) {
      paths.push(parent + name.replace(/\/$/, ''));
    }
  }
  return paths;
}

/** What is missing from the map, and what the map names that is not there. */
function compareMap(named: readonly string[], tree: readonly string[], exists: (path: string) => boolean) {
  const set = new Set(named);
  return { unnamed: tree.filter((p) => !set.has(p)), absent: named.filter((p) => !exists(p)) };
}

function treeEntries(): string[] {
  return MAPPED_DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
      .map((e) => `${dir}/${e.name}`),
  );
}

describe('README code map', () => {
  const named = mapPaths(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('reads the map (the parser itself works, and a gap is found)', () => {
    expect(named).toContain('src/reminders');
    expect(named).toContain('handlers/overview.ts');
    expect(named).toContain('schedules/registry.ts');
    const planted = compareMap(named.filter((p) => p !== 'src/time.ts').concat('src/nowhere.ts'), treeEntries(), (p) => existsSync(join(ROOT, p)));
    expect(planted).toEqual({ unnamed: ['src/time.ts'], absent: ['src/nowhere.ts'] });
  });

  it('names every file and directory under src/, handlers/, schedules/, and only ones that exist', () => {
    expect(compareMap(named, treeEntries(), (p) => existsSync(join(ROOT, p)))).toEqual({ unnamed: [], absent: [] });
  });
});
