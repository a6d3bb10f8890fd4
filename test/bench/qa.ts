// Q&A benchmark: dictionary load and index build times, top-1 accuracy on the question sets (with
// the misses), activity classification accuracy, and time per answer (median and p99).
// Run: npx tsx test/bench/qa.ts   (npm run bench:qa)
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIDENCE_THRESHOLD, loadKnowledge, refKey, standardNameIn, type NoticeKnowledge } from '../../src/knowledge/index.js';
import { converse, type ConversationMemory } from '../../src/knowledge/conversation.js';
import { jieba, jiebaLoadMs } from '../../src/knowledge/segment.js';
import type { ItemRef } from '../../src/knowledge/types.js';

interface LabelledQuestion {
  q: string;
  expect: ItemRef;
  now?: string;
}
interface QuestionFile {
  campaignYear: number;
  now: string;
  questions: LabelledQuestion[];
}
interface LabelledActivity {
  text: string;
  criteria: number[];
}

const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const fixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');
const pct = (right: number, n: number): string => `${((right / n) * 100).toFixed(1)}%`;
/**
 * The blind set's misses are counted by cause but not listed (so that nobody tunes to them).
 * The blind fixtures are also scored in two halves: even-index items (a "dev" view whose misses
 * BENCH_SHOW_BLIND=even lists) and odd-index items, never listed, which stay an unseen measure.
 * BENCH_SHOW_BLIND=1 lists every miss.
 */
const SHOW_BLIND = process.env.BENCH_SHOW_BLIND ?? '';
/**
 * BENCH_HIDE_ODD=1: the odd halves count nowhere in the output (no score, no total, no cause
 * counts), for development runs that must not choose between variants by the untouched test.
 */
const HIDE_ODD = process.env.BENCH_HIDE_ODD === '1';
const BLIND_SETS = new Set(['questions-blind.json', 'conversations.json']);
/**
 * Test sets written blind and never studied, as a whole: their misses are never listed (not even
 * with BENCH_SHOW_BLIND=even), and BENCH_HIDE_ODD=1 leaves them out like the odd halves.
 */
const TEST_SETS = new Set(['questions-blind3.json', 'questions-blind4.json', 'conversations-blind4.json', 'questions-blind5.json', 'conversations-blind5.json', 'questions-blind6.json', 'conversations-blind6.json', 'questions-blind7.json', 'conversations-blind7.json', 'questions-blind8.json', 'conversations-blind8.json', 'questions-blind9.json', 'conversations-blind9.json']);
const listed = (name: string, index: number): boolean =>
  TEST_SETS.has(name) ? SHOW_BLIND === '1' : !BLIND_SETS.has(name) || SHOW_BLIND === '1' || (SHOW_BLIND === 'even' && index % 2 === 0);
const counted = (name: string, index: number): boolean =>
  TEST_SETS.has(name) ? !HIDE_ODD : !HIDE_ODD || !BLIND_SETS.has(name) || index % 2 === 0;
const stripMentions = (text: string): string => text.replace(/[@＠]\S*/gu, ' ').trim();
const ms = (v: number): string => `${v.toFixed(3)} ms`;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;
const rssStart = process.memoryUsage().rss;

// 1. Dictionary: loaded once per process, before anything else, so it is timed on its own.
jieba();
const dictMs = jiebaLoadMs() ?? Number.NaN;
const rssDict = process.memoryUsage().rss;

// 2. Index build (notice validation, items, MiniSearch index, related pointers), several times.
const builds: number[] = [];
const buildCpu: number[] = [];
let k: NoticeKnowledge | undefined;
const mainFile = JSON.parse(fixture('questions.json')) as QuestionFile;
for (let i = 0; i < 7; i++) {
  const c = process.cpuUsage();
  const t = performance.now();
  k = loadKnowledge({ campaignYear: mainFile.campaignYear });
  builds.push(performance.now() - t);
  const d = process.cpuUsage(c);
  buildCpu.push((d.user + d.system) / 1000);
}
buildCpu.sort((a, b) => a - b);
if (!k) throw new Error('no knowledge base');
const kb = k;
const firstBuild = builds[0] ?? Number.NaN;
const sortedBuilds = [...builds].sort((a, b) => a - b);

console.log('== 党建助手 Q&A benchmark ==');
console.log(`jieba dictionaries (default dict + user words + general-IDF table), once per process: ${ms(dictMs)}`);
console.log(`index build: first ${ms(firstBuild)}, median of ${builds.length} ${ms(quantile(sortedBuilds, 0.5))} wall, ${ms(quantile(buildCpu, 0.5))} CPU (process, all threads)`);
console.log(`RSS of this process: ${mib(rssStart)} before the dictionaries, ${mib(rssDict)} after (under tsx)`);
console.log(`confidence threshold: ${CONFIDENCE_THRESHOLD}`);

// 3. Accuracy on every question set, with the misses grouped by a rough cause.
// questions-dev.json: a blind development set (written from the notice alone, studied freely).
// questions-dev2.json: a second blind development set (fourth round), studied after its first score.
// questions-blind3.json, questions-blind4.json, conversations-blind4.json, questions-blind5.json, conversations-blind5.json, questions-blind6.json, conversations-blind6.json, questions-blind7.json, conversations-blind7.json, questions-blind8.json, conversations-blind8.json, questions-blind9.json, conversations-blind9.json: blind test sets (written from the notice alone, never studied).
// questions-dev3.json, conversations-dev3.json: a third development set (fifth round), studied after its first score (321/381, 96/123).
// questions-dev4.json, conversations-dev4.json: a fourth development set (sixth round), studied after its first score.
// questions-dev5.json, conversations-dev5.json: a fifth development set (seventh round), studied after its first score.
const SETS = ['questions.json', 'questions-holdout.json', 'questions-blind.json', 'questions-dev.json', 'questions-dev2.json', 'questions-dev3.json', 'questions-dev4.json', 'questions-dev5.json', 'questions-blind3.json', 'questions-blind4.json', 'questions-blind5.json', 'questions-blind6.json', 'questions-blind7.json', 'questions-blind8.json', 'questions-blind9.json'].filter((f) => existsSync(fixturePath(f)));

/** A rough cause for a miss (the issue-13 groups), from what the engine saw in the question. */
function causeOf(text: string, expect: ItemRef, got: ItemRef): string {
  if (expect.kind === 'none') return got.kind === 'criterion' ? 'out of scope answered with a criterion' : 'out of scope answered';
  if (/[上中下]旬|月初|月中|月底|月末|\d+\s*[月号日]|[一二三四五六七八九十]+月/u.test(text)) return 'dates';
  if (got.kind !== 'none') return standardNameIn(text, kb.standards) ? 'standard named beside a detail' : 'ranking between close items';
  const words = kb.engine.analyze(text);
  if (words.length === 0) return 'refused: empty query (typos, homophones, single characters)';
  if (/标准|条款|哪一?条|第几条|通知|六好|说法|规定/u.test(text)) return 'refused: question framed as asking about the notice';
  const known = words.filter((w) => w.known).length;
  if (known === 0) return 'refused: no shared vocabulary';
  return 'refused: low confidence (unknown or filler words)';
}

interface SetScore {
  name: string;
  right: number;
  total: number;
}
const scores: SetScore[] = [];

function accuracy(name: string): LabelledQuestion[] {
  if (TEST_SETS.has(name) && HIDE_ODD) return [];
  const file = JSON.parse(fixture(name)) as QuestionFile;
  let right = 0;
  const misses = new Map<string, string[]>();
  let oosAsCriterion = 0;
  let maxOos = 0;
  let minIn = 1;
  const half = { even: { right: 0, total: 0, oos: 0 }, odd: { right: 0, total: 0, oos: 0 } };
  file.questions.forEach((q, index) => {
    if (!counted(name, index)) return;
    const text = stripMentions(q.q);
    const a = kb.answer(text, new Date(q.now ?? file.now));
    const correct = refKey(a.item) === refKey(q.expect);
    const h = index % 2 === 0 ? half.even : half.odd;
    h.total++;
    if (correct) {
      right++;
      h.right++;
    } else {
      const cause = causeOf(text, q.expect, a.item);
      const list = misses.get(cause) ?? [];
      if (listed(name, index)) list.push(`    ✗ [${index}] ${q.q}  →  ${refKey(a.item)} (confidence ${a.confidence.toFixed(2)}), expected ${refKey(q.expect)}`);
      else list.push('');
      misses.set(cause, list);
    }
    if (q.expect.kind === 'none' && a.item.kind === 'criterion') {
      oosAsCriterion++;
      h.oos++;
    }
    const top = kb.engine.search(text).hits[0];
    if (q.expect.kind === 'none') maxOos = Math.max(maxOos, top?.confidence ?? 0);
    else if (correct && a.confidence < 1) minIn = Math.min(minIn, a.confidence);
  });
  const kept = file.questions.filter((_, index) => counted(name, index));
  const n = kept.length;
  const oos = kept.filter((q) => q.expect.kind === 'none').length;
  const label = n === file.questions.length ? name : `${name} (even half only, BENCH_HIDE_ODD)`;
  scores.push({ name: label, right, total: n });
  console.log(`\n${label}: top-1 ${right}/${n} = ${pct(right, n)}  (out-of-scope questions: ${oos}, answered with a criterion: ${oosAsCriterion})`);
  console.log(`  retrieval confidence: highest for an out-of-scope question ${maxOos.toFixed(2)}, lowest for a correct in-scope one ${minIn.toFixed(2)}`);
  if (BLIND_SETS.has(name) && !HIDE_ODD) {
    for (const [which, h] of Object.entries(half)) {
      scores.push({ name: `${name} ${which} half`, right: h.right, total: h.total });
      console.log(`  ${which}-index half: ${h.right}/${h.total} = ${pct(h.right, h.total)} (out-of-scope answered with a criterion: ${h.oos})`);
    }
  }
  const grouped = [...misses.entries()].sort((a, b) => b[1].length - a[1].length);
  for (const [cause, list] of grouped) {
    console.log(`  ${cause}: ${list.length}`);
    for (const m of list) if (m) console.log(m);
  }
  return file.questions.map((q) => ({ ...q, now: q.now ?? file.now }));
}
const questionSets = SETS.map((name) => accuracy(name));
const mainQuestions = questionSets.flat();

// 4. Conversations: each turn's reply must cover the expected items, in order ("greeting" and
// "clarify" are the kinds of reply that are not items). Turns go through converse(), with the
// memory kept between the turns of a dialogue as the 提问 handler keeps it in the store.
interface ConversationTurn {
  q: string;
  expect: Array<ItemRef | { kind: 'greeting' } | { kind: 'clarify' }>;
}
interface ConversationFile {
  campaignYear: number;
  now: string;
  dialogues: Array<{ id: string; now?: string; turns: ConversationTurn[] }>;
}
function conversations(name: string): void {
  if (!existsSync(fixturePath(name)) || (TEST_SETS.has(name) && HIDE_ODD)) return;
  const file = JSON.parse(fixture(name)) as ConversationFile;
  let right = 0;
  let total = 0;
  const misses = new Map<string, string[]>();
  const half = { even: { right: 0, total: 0 }, odd: { right: 0, total: 0 } };
  file.dialogues.forEach((d, index) => {
    if (!counted(name, index)) return;
    const now = new Date(d.now ?? file.now);
    let memory: ConversationMemory | undefined;
    const h = index % 2 === 0 ? half.even : half.odd;
    d.turns.forEach((turn, at) => {
      total++;
      h.total++;
      const t = converse(kb, stripMentions(turn.q), now, memory);
      memory = t.memory;
      const got = t.answers.map((a) => (a.kind === 'greeting' || a.kind === 'clarify' ? a.kind : refKey(a.item)));
      const want = turn.expect.map((e) => (e.kind === 'greeting' || e.kind === 'clarify' ? e.kind : refKey(e as ItemRef)));
      if (JSON.stringify(got) === JSON.stringify(want)) {
        right++;
        h.right++;
      } else {
        const cause =
          want.length > 1
            ? 'two questions in one message'
            : want[0] === 'greeting' || want[0] === 'clarify'
              ? `expected ${want[0]}`
              : want[0] === 'none'
                ? 'out of scope answered'
                : at > 0
                  ? 'follow-up answered wrongly'
                  : 'first turn answered wrongly';
        const list = misses.get(cause) ?? [];
        list.push(listed(name, index) ? `    ✗ [${d.id} turn ${at + 1}] ${turn.q}  →  ${got.join(', ')}, expected ${want.join(', ')}` : '');
        misses.set(cause, list);
      }
    });
  });
  const halves = BLIND_SETS.has(name) && !HIDE_ODD ? Object.entries(half) : [];
  const label = BLIND_SETS.has(name) && HIDE_ODD ? `${name} (even half only, BENCH_HIDE_ODD)` : name;
  scores.push({ name: `${label} (turns)`, right, total });
  for (const [which, x] of halves) scores.push({ name: `${name} (turns) ${which} half`, right: x.right, total: x.total });
  console.log(`\n${label}: ${file.dialogues.filter((_, i) => counted(name, i)).length} dialogues, turns right ${right}/${total} = ${pct(right, total)}`);
  for (const [which, x] of halves) console.log(`  ${which}-index dialogues: ${x.right}/${x.total} = ${pct(x.right, x.total)}`);
  for (const [cause, list] of [...misses.entries()].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${cause}: ${list.length}`);
    for (const m of list) if (m) console.log(m);
  }
}
conversations('conversations.json');
conversations('conversations-dev.json');
conversations('conversations-dev2.json');
conversations('conversations-dev3.json');
conversations('conversations-dev4.json');
conversations('conversations-dev5.json');
conversations('conversations-blind4.json');
conversations('conversations-blind5.json');
conversations('conversations-blind6.json');
conversations('conversations-blind7.json');
conversations('conversations-blind8.json');
conversations('conversations-blind9.json');

const { activities } = JSON.parse(fixture('activities.json')) as { activities: LabelledActivity[] };
let activityRight = 0;
const activityMisses: string[] = [];
for (const a of activities) {
  const got = kb.classifyActivity(a.text);
  if (JSON.stringify(got) === JSON.stringify(a.criteria)) activityRight++;
  else activityMisses.push(`  ✗ ${a.text}  →  ${JSON.stringify(got)}, expected ${JSON.stringify(a.criteria)}`);
}
console.log(`\nactivities.json: exact criteria sets ${activityRight}/${activities.length} = ${((activityRight / activities.length) * 100).toFixed(1)}%`);
for (const m of activityMisses) console.log(m);

// 4. Time per answer over many repetitions (after one warm-up pass).
const all = mainQuestions.map((q) => ({ text: stripMentions(q.q), now: new Date(q.now ?? mainFile.now) }));
for (const q of all) kb.answer(q.text, q.now);
const REPS = 30;
const times: number[] = [];
const cpu: number[] = [];
for (let r = 0; r < REPS; r++) {
  for (const q of all) {
    const c = process.cpuUsage();
    const t = performance.now();
    kb.answer(q.text, q.now);
    times.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
console.log(`\nanswer() CPU time (process.cpuUsage, µs resolution): median ${ms(quantile(cpu, 0.5))}, p99 ${ms(quantile(cpu, 0.99))}`);
console.log(`answer(): ${times.length} calls (${all.length} questions × ${REPS}): median ${ms(quantile(times, 0.5))}, p99 ${ms(quantile(times, 0.99))}, max ${ms(times[times.length - 1] ?? Number.NaN)}`);

const ctimes: number[] = [];
for (let r = 0; r < REPS; r++) {
  for (const a of activities) {
    const t = performance.now();
    kb.classifyActivity(a.text);
    ctimes.push(performance.now() - t);
  }
}
ctimes.sort((a, b) => a - b);
console.log(`classifyActivity(): median ${ms(quantile(ctimes, 0.5))}, p99 ${ms(quantile(ctimes, 0.99))}`);

console.log('\n== summary ==');
for (const s of scores) console.log(`${s.name}: ${s.right}/${s.total} = ${pct(s.right, s.total)}`);
console.log(`answer() p99 ${ms(quantile(times, 0.99))} wall, ${ms(quantile(cpu, 0.99))} CPU (target < 2 ms); index build median ${ms(quantile(sortedBuilds, 0.5))} wall, ${ms(quantile(buildCpu, 0.5))} CPU (target < 200 ms)`);
