// A small learned text classifier over the notice's items, trained from labelled questions by
// test/bench/train.ts (npm run train) into learned-data.ts. The rules of the answerer decide; the
// model is only asked when retrieval would refuse a question that looks in scope (answerer.ts):
// members describe their situation in their own words (俺们支部就借人家会议室用 墙上啥也没挂),
// which no rule reaches but character n-grams and the engine's word expansions learned from many
// such questions often do.
import type { SearchEngine } from './search.js';
import { fuzzySyllable, syllables } from './spelling.js';
import { normalizeText } from './segment.js';

/** Marks the class of questions the notice does not cover. */
export const NONE_LABEL = 'none';

/** Weights are stored as integers in units of this (two decimals). */
export const WEIGHT_SCALE = 100;

export interface Prediction {
  /** An item key (refKey) or NONE_LABEL. */
  label: string;
  probability: number;
}

const HAN = /\p{Script=Han}/u;
const RUN = /[\p{Script=Han}a-z0-9]+/gu;

/**
 * The features of a question: character 1–3-grams of each run of Han letters and digits, the
 * engine's content words and the terms it searches for them (synonyms, thesaurus, sub-words,
 * spelling repairs), and toneless pinyin syllable pairs (homophone typos share them).
 */
export function learnedFeatures(engine: SearchEngine, text: string): string[] {
  const out = new Set<string>();
  const norm = normalizeText(text);
  for (const m of norm.matchAll(RUN)) {
    const chars = [...m[0]];
    for (let i = 0; i < chars.length; i++) {
      for (let n = 1; n <= 3 && i + n <= chars.length; n++) out.add(`c${chars.slice(i, i + n).join('')}`);
    }
    if (HAN.test(m[0])) {
      const py = syllables(m[0]).map(fuzzySyllable);
      for (let i = 0; i + 1 < py.length; i++) out.add(`p${py[i]}_${py[i + 1]}`);
    }
  }
  for (const w of engine.analyze(text)) {
    out.add(`w${w.token}`);
    for (const [t, how] of w.terms) if (t !== w.token && engine.knows(t)) out.add(`${how === 'sub' ? 's' : 't'}${t}`);
  }
  return [...out];
}

/** A multinomial logistic regression: per feature, sparse weights by class; a bias per class. */
export class LearnedModel {
  private constructor(
    readonly labels: readonly string[],
    private readonly bias: Float64Array,
    /** feature → its row; a row's pairs are starts[row] up to starts[row + 1]. */
    private readonly rows: ReadonlyMap<string, number>,
    private readonly starts: Uint32Array,
    private readonly classes: Uint8Array,
    private readonly weights: Float32Array,
  ) {}

  /**
   * Parses the data format train.ts writes: a line of labels, a line of biases, then one line per
   * feature: the feature, then class:weight pairs (weights as integers in units of 1/WEIGHT_SCALE).
   */
  static parse(data: string): LearnedModel {
    const lines = data.split('\n').filter((l) => l !== '');
    const labels = (lines[0] ?? '').split(' ');
    const bias = Float64Array.from((lines[1] ?? '').split(' '), (v) => Number(v) / WEIGHT_SCALE);
    const body = lines.slice(2).map((l) => l.split(' '));
    const pairs = body.reduce((s, parts) => s + parts.length - 1, 0);
    const rows = new Map<string, number>();
    const starts = new Uint32Array(body.length + 1);
    const classes = new Uint8Array(pairs);
    const weights = new Float32Array(pairs);
    let at = 0;
    body.forEach(([feature = '', ...rest], r) => {
      rows.set(feature, r);
      starts[r] = at;
      for (const pair of rest) {
        const colon = pair.indexOf(':');
        classes[at] = Number(pair.slice(0, colon));
        weights[at] = Number(pair.slice(colon + 1)) / WEIGHT_SCALE;
        at++;
      }
    });
    starts[body.length] = at;
    return new LearnedModel(labels, bias, rows, starts, classes, weights);
  }

  /** Class probabilities for a feature set, most probable first. */
  predict(features: readonly string[]): Prediction[] {
    const scores = this.scores(features);
    const max = scores.reduce((m, s) => Math.max(m, s), -Infinity);
    let sum = 0;
    const exps = Array.from(scores, (s) => {
      const e = Math.exp(s - max);
      sum += e;
      return e;
    });
    return exps
      .map((e, i) => ({ label: this.labels[i] ?? NONE_LABEL, probability: e / sum }))
      .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
  }

  /** predict()[0] without sorting every class (the answerer asks for no more, on every question). */
  best(features: readonly string[]): Prediction | undefined {
    const scores = this.scores(features);
    const max = scores.reduce((m, s) => Math.max(m, s), -Infinity);
    let sum = 0;
    let top = -1;
    let topLabel = '';
    for (let i = 0; i < scores.length; i++) {
      const e = Math.exp((scores[i] ?? 0) - max);
      sum += e;
      const label = this.labels[i] ?? NONE_LABEL;
      // predict's order: probability, then label.
      if (e > top || (e === top && label.localeCompare(topLabel) < 0)) {
        top = e;
        topLabel = label;
      }
    }
    return top < 0 ? undefined : { label: topLabel, probability: top / sum };
  }

  private scores(features: readonly string[]): Float64Array {
    const scores = Float64Array.from(this.bias);
    for (const f of features) {
      const r = this.rows.get(f);
      if (r === undefined) continue;
      const end = this.starts[r + 1] ?? 0;
      for (let i = this.starts[r] ?? 0; i < end; i++) {
        const c = this.classes[i] ?? 0;
        scores[c] = (scores[c] ?? 0) + (this.weights[i] ?? 0);
      }
    }
    return scores;
  }
}
