// loadKnowledge(): the notice validated with zod, the campaign calendar of the configured year, the
// search index and the answerer, behind the Knowledge interface of types.ts.
import { classifyWith } from './activity.js';
import { Answerer, shippedLearnedUse, type LearnedUse } from './answerer.js';
import { buildCalendar } from './calendar.js';
import { buildItems, refKey, type KbItem } from './items.js';
import { NOTICE_DATA } from './notice.js';
import { plainText } from './plain.js';
import { parseNotice, type NoticeData } from './schema.js';
import { SearchEngine } from './search.js';
import type { Answer, CampaignCalendar, Criterion, ItemRef, Knowledge, Standard } from './types.js';

export interface LoadKnowledgeOptions {
  /** The year whose calendar the notice's month/day phases are moved to (config CAMPAIGN_YEAR). */
  campaignYear: number;
  /** How the learned classifier helps retrieval; null for the rules alone (cross-validation compares both). */
  learned?: LearnedUse | null;
}

/** The knowledge base with a few extras for tests and the benchmark. */
export interface NoticeKnowledge extends Knowledge {
  readonly notice: NoticeData;
  readonly items: readonly KbItem[];
  readonly engine: SearchEngine;
}

export function loadKnowledge(options: LoadKnowledgeOptions): NoticeKnowledge {
  const notice = parseNotice(NOTICE_DATA);
  const calendar: CampaignCalendar = buildCalendar(notice, options.campaignYear);
  const standards: readonly Standard[] = Object.freeze(notice.standards.map((s) => Object.freeze({ ...s, criteria: [...s.criteria] })));
  const criteria: readonly Criterion[] = Object.freeze(notice.criteria.map((c) => Object.freeze({ ...c })));
  const items = buildItems(notice);
  const engine = new SearchEngine(items);

  const criterion = (n: number): Criterion | undefined => (Number.isInteger(n) ? criteria[n - 1] : undefined);
  const standardOf = (n: number): Standard => {
    const c = criterion(n);
    const s = c ? standards[c.standard - 1] : undefined;
    if (!s) throw new RangeError(`没有第${n}条二级标准（共 1–25 条）`);
    return s;
  };

  let answerer: Answerer | undefined;
  const kb: NoticeKnowledge = {
    notice,
    items,
    engine,
    standards,
    criteria,
    calendar,
    criterion,
    standardOf,
    item: (ref: ItemRef): KbItem | undefined => engine.item(refKey(ref)),
    answer(question: string, now: Date): Answer {
      if (!answerer) throw new Error('knowledge base not ready');
      return answerer.answer(question, now);
    },
    answerAll(question: string, now: Date): Answer[] {
      if (!answerer) throw new Error('knowledge base not ready');
      return answerer.answerAll(question, now);
    },
    answerAbout(question: string, about: ItemRef, now: Date): Answer | undefined {
      if (!answerer) throw new Error('knowledge base not ready');
      return answerer.answerAbout(question, about, now);
    },
    readQuestion(question: string): string {
      const plain = plainText(question);
      return engine.readPinyin(plain) ?? plain;
    },
    classifyActivity(text: string): number[] {
      return classifyWith(engine, text);
    },
  };
  const learned = options.learned === undefined ? shippedLearnedUse() : options.learned;
  answerer = new Answerer(kb, engine, undefined, learned ?? undefined);
  return kb;
}

export { CONFIDENCE_THRESHOLD, type LearnedUse } from './answerer.js';
export { parseDateArg, parseDateIn, parsePeriodIn, type DateParse, type Period } from './dates.js';
export { criterionNumberIn, standardNameIn } from './intent.js';
export { parseNumeral } from './numerals.js';
export { jiebaLoadMs } from './segment.js';
export { refKey, sameRef } from './items.js';
export type * from './types.js';
