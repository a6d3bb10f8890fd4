// Runs of an item's own words quoted in a question (以党建促会建啥意思 quotes the introduction): every
// window of PHRASE_CHARS Han characters of every item's text, and the items holding it.
import type { KbItem } from './items.js';

/** Shorter runs are common phrases of many items (学会党支部) or chance. */
const PHRASE_CHARS = 5;

const HAN_RUNS = /\p{Script=Han}+/gu;

export class PhraseIndex {
  private readonly holders = new Map<string, KbItem[]>();

  constructor(items: readonly KbItem[]) {
    for (const item of items) {
      for (const w of windows(item.text)) {
        const list = this.holders.get(w) ?? [];
        if (!list.includes(item)) list.push(item);
        this.holders.set(w, list);
      }
    }
  }

  /** The one item holding the longest run of the question's characters, if that run is long enough and no other item's is as long. */
  quoted(question: string): KbItem | undefined {
    const runs = new Map<KbItem, { now: number; best: number }>();
    for (const run of question.normalize('NFKC').match(HAN_RUNS) ?? []) {
      for (const r of runs.values()) r.now = 0;
      const chars = [...run];
      for (let i = 0; i + PHRASE_CHARS <= chars.length; i++) {
        const holders = this.holders.get(chars.slice(i, i + PHRASE_CHARS).join('')) ?? [];
        for (const [item, r] of runs) if (!holders.includes(item)) r.now = 0;
        for (const item of holders) {
          const r = runs.get(item) ?? { now: 0, best: 0 };
          r.now++;
          r.best = Math.max(r.best, r.now);
          runs.set(item, r);
        }
      }
    }
    const ranked = [...runs].sort((a, b) => b[1].best - a[1].best);
    const [first, second] = ranked;
    if (!first || (second && second[1].best === first[1].best)) return undefined;
    return first[0];
  }
}

function* windows(text: string): Generator<string> {
  for (const run of text.normalize('NFKC').match(HAN_RUNS) ?? []) {
    const chars = [...run];
    for (let i = 0; i + PHRASE_CHARS <= chars.length; i++) yield chars.slice(i, i + PHRASE_CHARS).join('');
  }
}
