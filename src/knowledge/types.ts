// The knowledge base's public face: the notice as typed data, its calendar, and the Q&A brain.
import type { Reply } from '../core.js';

export interface Standard {
  /** 1..6 in the notice's order. */
  index: number;
  /** e.g. 团结凝聚群众好 */
  name: string;
  /** Criterion numbers belonging to it, ascending (e.g. 4..7). */
  criteria: number[];
}

export interface Criterion {
  /** 1..25 */
  number: number;
  /** Index of its standard, 1..6. */
  standard: number;
  /** Verbatim text from the notice, without the leading "7." */
  text: string;
}

export interface Phase {
  index: number;
  /** e.g. 动员部署阶段 */
  name: string;
  /** Inclusive, YYYY-MM-DD in Asia/Shanghai, for the campaign year. */
  start: string;
  end: string;
  /** Verbatim task text. */
  tasks: string;
}

export interface CampaignCalendar {
  year: number;
  phases: Phase[];
  /** The phase containing the date (YYYY-MM-DD), or null outside the campaign. */
  phaseOn(date: string): Phase | null;
  /** Paper summary deadline (YYYY-MM-DD) and where it goes. */
  submission: { deadline: string; form: string; place: string; text: string };
}

/** What an answer points to; the question set labels questions with these. */
export type ItemRef =
  | { kind: 'criterion'; number: number }
  | { kind: 'standard'; index: number }
  | { kind: 'standards' }
  | { kind: 'shuangqiang' }
  | { kind: 'phase'; index?: number }
  | { kind: 'section'; id: string }
  | { kind: 'none' };

/**
 * What kind of reply an answer is: an item quoted as found, the closest item with a hedge (the
 * question asks about the notice in words it does not use), a clarifying question (one generic
 * word), a greeting or thanks returned, or a refusal (the notice does not cover it).
 */
export type AnswerKind = 'item' | 'hedged' | 'clarify' | 'greeting' | 'none';

export interface Answer {
  kind: AnswerKind;
  item: ItemRef;
  /** 0..1; below the calibrated threshold the brain answers 'none'. */
  confidence: number;
  related: ItemRef[];
  reply: Reply;
}

export interface Knowledge {
  readonly standards: readonly Standard[];
  readonly criteria: readonly Criterion[];
  readonly calendar: CampaignCalendar;
  criterion(n: number): Criterion | undefined;
  standardOf(n: number): Standard;
  /** Answer a member's free question (mentions already stripped). `now` drives date-aware answers. */
  answer(question: string, now: Date): Answer;
  /** Like answer(), but a message asking two or more things gets one answer per question, in order. */
  answerAll(question: string, now: Date): Answer[];
  /** Criteria an activity report describes (e.g. 走基层 → [7]), ascending; [] when none is clear. */
  classifyActivity(text: string): number[];
}
