// The thesaurus: words the index never uses → index words related to them in CC-CEDICT (a shared
// English gloss, or a gloss narrowed by one word). The pairs are derived at development time by
// test/bench/thesaurus.ts into thesaurus-data.ts (a few hundred lines), so the server never loads the
// dictionary itself; the table is parsed on first use.
import { OUT_OF_SCOPE_TERMS } from './lexicon.js';
import { THESAURUS_PAIRS } from './thesaurus-data.js';

/** Marks, in the data, a word related to an out-of-scope concept (津贴 !补贴) rather than to index words. */
const OUT_OF_SCOPE_MARK = '!';

let table: Map<string, readonly string[]> | undefined;
let outside: Map<string, string> | undefined;

function load(): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  outside = new Map<string, string>();
  for (const line of THESAURUS_PAIRS.split('\n')) {
    const [word, ...related] = line.trim().split(' ');
    if (!word || related.length === 0) continue;
    const first = related[0] ?? '';
    if (first.startsWith(OUT_OF_SCOPE_MARK)) outside.set(word, first.slice(OUT_OF_SCOPE_MARK.length));
    else out.set(word, related);
  }
  return out;
}

/**
 * Whether a word names a concept the notice never covers: one of lexicon's OUT_OF_SCOPE_TERMS, a
 * compound ending in one, or a word the thesaurus relates to one of them (薪水 ~ 工资, 津贴 ~ 补贴).
 */
export function isOutOfScope(word: string): boolean {
  if (OUT_OF_SCOPE_TERMS.has(word)) return true;
  // …or a compound ending in one (岗位补贴, 会员党费): no word of the notice does.
  const chars = [...word];
  for (let i = 1; i + 2 <= chars.length; i++) if (OUT_OF_SCOPE_TERMS.has(chars.slice(i).join(''))) return true;
  table ??= load();
  return outside?.has(word) ?? false;
}

/** Index words related to `word` (empty when the thesaurus has none). */
export function relatedWords(word: string): readonly string[] {
  table ??= load();
  return table.get(word) ?? [];
}

/** Every word the thesaurus relates (for tests). */
export function thesaurusWords(): readonly string[] {
  table ??= load();
  return [...table.keys()];
}
