// The knowledge base's public face: the notice as typed data, its calendar, and the answers to
// free questions. An answer says what to show; the bot words it (src/bot/answer-text.ts).
import type { NoticeData } from './schema.js';

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

/** An item as answers show it: its title, its citation and the verbatim text quoted. */
export interface QuotedItem {
  ref: ItemRef;
  /** Short title for lists and the reply title. */
  title: string;
  /** Citation shown in brackets, e.g. 附件第7条 · 团结凝聚群众好 */
  citation: string;
  /** Verbatim text that is quoted in the answer. */
  quote: string;
  /** Verbatim text that is indexed (may differ from quote). */
  text: string;
}

/** The notice's own texts that answers quote beside the criteria, standards and phases. */
export type NoticeTexts = Pick<NoticeData, 'document' | 'goal' | 'contact' | 'requirements'>;

/**
 * What the reply to an answer shows. `item`: the answer's item (kind 'item' or 'hedged'), with
 * pointers to its related items; the others say why there is no item, or greet, or ask back.
 */
export type AnswerShow =
  | { what: 'item' }
  /** The phase a date falls in (the item: that phase, or the phases when the date is outside). */
  | { what: 'phase-on'; date: string }
  /** The submission, with the deadline measured from a date asked about (11月20号再交还来得及吗). */
  | { what: 'deadline-on'; date: string }
  | { what: 'no-criterion'; number: number }
  /** A criterion asked a fact its text does not state (第十八条换届几年一次): not covered, the criterion shown. */
  | { what: 'not-stated'; number: number }
  | { what: 'no-standard'; index: number }
  | { what: 'no-phase'; index: number }
  | { what: 'bad-date'; message: string }
  /** The notice does not cover the question. */
  | { what: 'not-covered' }
  /** Asked to write material. */
  | { what: 'cannot-write' }
  | { what: 'greeting'; thanks: boolean }
  /** One generic word: which of the related items is meant? */
  | { what: 'clarify'; word: string }
  /** Only a demonstrative (那个): which item is meant? The related items are the recent ones. */
  | { what: 'which-one'; word: string }
  /** A message that only announces a question (请问, 帮我看看): asked what it is about. */
  | { what: 'ask-what' };

/** A follow-up's note before the answer it repeats (conversation.ts). */
export type AnswerNote =
  /** Stepped past the first or last of a sequence (下一条 after 第25条). */
  | { kind: 'edge'; sequence: 'criteria' | 'standards' | 'requirements' | 'phases'; count: number; at: number; before: boolean }
  /** Asked for more detail than the notice gives; `pointers`: related items to look at. */
  | { kind: 'nothing-more'; pointers: ItemRef[] }
  /** A number offered for checking (党建写进章程是第9条吧) when what it is said of is another criterion. */
  | { kind: 'other-number'; said: number }
  /** A standard offered for checking (监事会是推动事业发展好里的吧) when the criterion is in another. */
  | { kind: 'other-standard'; said: number };

export interface Answer {
  kind: AnswerKind;
  item: ItemRef;
  /** 0..1; below the calibrated threshold the answerer answers 'none'. */
  confidence: number;
  related: ItemRef[];
  show: AnswerShow;
  note?: AnswerNote;
}

export interface Knowledge {
  readonly standards: readonly Standard[];
  readonly criteria: readonly Criterion[];
  readonly calendar: CampaignCalendar;
  criterion(n: number): Criterion | undefined;
  standardOf(n: number): Standard;
  /** The item a reference names (undefined for 'none'). */
  item(ref: ItemRef): QuotedItem | undefined;
  readonly notice: NoticeTexts;
  /** Answer a member's free question (mentions already stripped). `now` drives date-aware answers. */
  answer(question: string, now: Date): Answer;
  /** Like answer(), but a message asking two or more things gets one answer per question, in order. */
  answerAll(question: string, now: Date): Answer[];
  /**
   * A follow-up read as a question about `about` (the item last answered): that item, or a refusal
   * when the item cannot answer it; undefined when the message is to be answered on its own.
   */
  answerAbout(question: string, about: ItemRef, now: Date): Answer | undefined;
  /** The question as the answerer reads it: Han text when it was typed wholly in pinyin (xia yi tiao → 下一条). */
  readQuestion(question: string): string;
  /** Criteria an activity report describes (e.g. 走基层 → [7]), ascending; [] when none is clear. */
  classifyActivity(text: string): number[];
}
