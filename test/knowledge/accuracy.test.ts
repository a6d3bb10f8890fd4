// Top-1 accuracy of the Q&A brain on the labelled question set (calibration) and on the held-out
// set (written before tuning, never used to tune). Misses are printed when an assertion fails.
import { describe, expect, it } from 'vitest';
import { refKey } from '../../src/knowledge/index.js';
import { kb, readQuestions, stripMentionsSimple, type QuestionFile } from './support.js';

interface Outcome {
  total: number;
  right: number;
  misses: string[];
  outOfScopeAnsweredWithCriterion: string[];
}

function run(file: QuestionFile): Outcome {
  const k = kb();
  expect(file.campaignYear).toBe(k.calendar.year);
  const misses: string[] = [];
  const oos: string[] = [];
  let right = 0;
  for (const q of file.questions) {
    const a = k.answer(stripMentionsSimple(q.q), new Date(q.now ?? file.now));
    if (refKey(a.item) === refKey(q.expect)) right++;
    else misses.push(`${q.q} → ${refKey(a.item)} (${a.confidence.toFixed(2)}), expected ${refKey(q.expect)}`);
    if (q.expect.kind === 'none' && a.item.kind === 'criterion') oos.push(`${q.q} → ${refKey(a.item)}`);
  }
  return { total: file.questions.length, right, misses, outOfScopeAnsweredWithCriterion: oos };
}

describe('question set (calibration)', () => {
  const file = readQuestions('questions.json');

  it('is large and spread over every criterion and section', () => {
    const qs = file.questions;
    expect(qs.length).toBeGreaterThanOrEqual(220);
    expect(qs.filter((q) => q.expect.kind === 'none').length).toBeGreaterThanOrEqual(25);
    const keys = new Set(qs.map((q) => refKey(q.expect)));
    for (let n = 1; n <= 25; n++) expect(keys, `criterion ${n}`).toContain(`criterion:${n}`);
    for (const item of kb().items) expect(keys, item.key).toContain(item.key);
  });

  it('answers ≥ 95% top-1 and never answers an out-of-scope question with a criterion', () => {
    const r = run(file);
    const report = `${r.right}/${r.total}; misses:\n${r.misses.join('\n')}`;
    expect(r.outOfScopeAnsweredWithCriterion, report).toEqual([]);
    expect(r.right / r.total, report).toBeGreaterThanOrEqual(0.95);
  });
});

describe('held-out question set', () => {
  const file = readQuestions('questions-holdout.json');

  it('has at least 50 questions', () => {
    expect(file.questions.length).toBeGreaterThanOrEqual(50);
  });

  it('answers ≥ 90% top-1 and never answers an out-of-scope question with a criterion', () => {
    const r = run(file);
    const report = `${r.right}/${r.total}; misses:\n${r.misses.join('\n')}`;
    expect(r.outOfScopeAnsweredWithCriterion, report).toEqual([]);
    expect(r.right / r.total, report).toBeGreaterThanOrEqual(0.9);
  });
});
