// Answers a free question: direct look-ups first (numbers, names, dates), then retrieval; the
// answer names the best item and at most two related ones (the bot quotes them verbatim with their
// citation, src/bot/answer-text.ts). Below the calibrated confidence the answer says the notice does
// not cover the question instead of guessing, unless the learned model (learned.ts) is sure of an
// item: then that item, with the hedge.
import { daysBetween, shanghaiDate } from '../time.js';
import { parseDateIn, parsePeriodIn } from './dates.js';
import {
  asksStandardOf,
  compact,
  criterionChoiceIn,
  countAsked,
  checkingIn,
  criterionInStandardIn,
  ordinalPastStandardIn,
  criterionNumberIn,
  documentNumberIn,
  issuerQuestionIn,
  lastCriterionIn,
  lateSubmissionIn,
  phaseNameIn,
  phaseNumberIn,
  phaseOverviewIn,
  phaseQuestionIn,
  phaseStepIn,
  quotedNumbersIn,
  requirementsOverviewIn,
  shuangqiangIn,
  standardNameIn,
  standardNumberIn,
  standardsOverviewIn,
} from './intent.js';
import { refKey, type KbItem } from './items.js';
import type { Hit, QueryWord, SearchEngine, SearchOutcome } from './search.js';
import { generalIdf, queryTokens } from './segment.js';
import type { Answer, AnswerKind, AnswerShow, ItemRef, Knowledge } from './types.js';
import { FRAME_WORDS, INTENT_WORDS, NOTICE_WORDS } from './lexicon.js';
import { isOutOfScope } from './thesaurus.js';
import { asksOtherDocument, asksOtherOrganisation, asksSourceOrPerson, asksTimeOff, focusWord, foreignNoun } from './scope.js';
import { askedFacetSpans, asksOnlyFacet, unstatedFacet } from './facets.js';
import { matchesBeyondFunctionWords, readAbout } from './about.js';
import { learnedFeatures, LearnedModel, NONE_LABEL, type Prediction } from './learned.js';
import { LEARNED_MODEL } from './learned-data.js';
import { afterTurning, asksCampaignName, asksSomething, campaignPurposeIn, clausesOf, negatedIn, greetingIn, isBareRequest, isFramed, isWritingRequest, questionsOf, whichCriterionIn, whichRequirementIn, withoutCampaign } from './framing.js';
import { PhraseIndex } from './phrases.js';
import { onlyEmoji, plainText } from './plain.js';

// The tuned figures of the decisions below, one documented constant each. `duplicates` pairs this
// list with search.ts's scoring constants: alike in shape only (each is its own calibrated number),
// so there is no shared piece to make.

/**
 * Minimum confidence for answering from retrieval. Confidence is the IDF-weighted share of the
 * question's words that the best item matches, plus a bonus when it matches a distinctive topic
 * word (see search.ts). Calibrated on test/fixtures/questions.json: every out-of-scope question
 * there scores ≤ 0.45, and all but two in-scope ones answered by retrieval score ≥ 0.6
 * (test/bench/qa.ts prints both extremes).
 */
export const CONFIDENCE_THRESHOLD = 0.5;

/** Answers kept for reuse within a message (see answer()). */
const ANSWERS_KEPT = 8;
/** A direct look-up gives way to "not covered" when its unknown extra words weigh this much
 * (in units of the weight of a completely unknown, topical word). */
const UNKNOWN_RESIDUAL_LIMIT = 0.5;

/** Characters of a message that are read as the question. */
export const MAX_QUESTION_CHARS = 200;

/** A hedged closest-item answer needs the item to cover at least this share of the question. */
const HEDGE_MIN_COVERAGE = 0.3;
/**
 * …or this share when the question asks which criterion (这个对应哪条, 算哪条) and the item matches
 * one of its distinctive topic words (Hit.anchored): such a question is about the notice by
 * construction, and a described situation's other words are mostly the member's own.
 */
const WHICH_HEDGE_MIN_COVERAGE = 0.2;
/** A criterion inside a named standard must cover this share of the rest of the question. */
const INSIDE_STANDARD_MIN_COVERAGE = 0.3;
/**
 * A number offered for checking gives way only when another criterion matches the rest surely and the
 * number's own criterion matches well under this share of what that one does (三会一课: 第3条 and 第22条 both).
 */
const CHECKED_CONFIDENCE = 0.8;
const CHECKED_SAID_SHARE = 0.7;
/** A standard offered for checking gives way when a criterion covers (nearly) all the rest. */
const CHECKED_COVERAGE = 0.9;
/** A word used by this many items or more is generic on its own (活动, 党员, 工作). */
const GENERIC_MIN_ITEMS = 5;
/** …unless the best item scores this many times the second. */
const GENERIC_LEAD = 2;
/** One word whose two best items score within this ratio is ambiguous whatever its spread. */
const AMBIGUOUS_SCORE = 0.9;

/** An unknown word this heavy (share of a fully unknown word) needs matched topic words beside it… */
const STRONG_UNKNOWN = 0.6;
/** …weighing at least this share of it. */
const TOPIC_SHARE = 0.6;

/** An unknown last noun or verb this specific in general Chinese (jieba's IDF) makes the question another topic. */
const FOCUS_MIN_GENERAL_IDF = 7;

/** A criterion answers "which requirement" (哪条要求) when it covers this much more than any work requirement. */
const REQUIREMENT_MARGIN = 0.2;

/** A year counted from this one (去年评上的, 明年还搞吗): another campaign, which the notice does not cover. */
const RELATIVE_YEAR = /去年|前年|明年|后年|上一年|往年|上一届评/u;

/** A question asking for a calendar day (几月几号, 哪一天): only phases and the submission have one. */
const ASKS_DAY = /几月几[号日]|哪一天|哪天|几号|什么日子/u;
function asksDay(q: string): boolean {
  return ASKS_DAY.test(q.replace(/\s+/gu, ''));
}

/** Coverage difference that counts as the same share of a message (search.ts ranks with the same tie). */
const COVERAGE_TIE = 0.05;

/** Related hits must score at least this share of the best hit. */
const RELATED_SCORE_RATIO = 0.55;

/** Words that may accompany a direct look-up without changing what is asked. */
const NEUTRAL = new Set([
  '什么时候', '啥时候', '何时', '几号', '哪天', '日期', '时间', '多久', '开始', '结束', '几天', '还剩', '剩',
  '天', '任务', '工作', '包括', '标准', '条目', '几条', '有几条', '一共', '总共', '活动', '处于', '处在',
  '进行', '阶段', '时期', '期间', '重点', '主要', '几个', '那块', '这块', '部分', '涵盖', '全部', '所有',
  '下面', '下边', '底下', '里面', '里边', '做到', '达到', '做好',
  '都', '多少', '意思', '含义', '解释', '是不是', '哪两个', '两个', '强', '指的是', '指啥', '具体指',
  '一步', '哪一步', '之前', '以前', '前', '以后', '之后', '后', '这天', '那天', '当天', '号', '日', '月', '份', '几月',
  // "what is to be done" around a date (9月20号之前要把啥弄完, 这段时间干嘛)
  // the campaign's own name says no more than 活动 does (这次双强六好活动分几个阶段); emphasis
  '双强六好', '到底', '究竟',
  // the notice named as what says it (通知里提了几点工作要求)
  '通知', '文件', '提', '提了', '提出', '名字', '哪两个', '哪几个', '参加', '参与',
  '干嘛', '干啥', '忙', '忙啥', '忙什么', '弄完', '做完', '搞完', '干完', '完成', '段时间', '时间段', '这段时间',
]);

interface Intent {
  ref: ItemRef;
  spans: string[];
  /** What the reply shows when this reading is the answer. */
  show: AnswerShow;
}

const ITEM: AnswerShow = { what: 'item' };

/**
 * How the learned classifier (learned.ts) is used: where retrieval would refuse a question for low
 * confidence, or ask back about one generic word; never where a scope check refuses it (an
 * out-of-scope concept, another year or document, a date asked of a criterion). The last word
 * unknown to the notice (offFocus) and a fact no item states (unstated) are refusal paths the
 * cross-validation compares too; the shipped gate leaves the model out of both (they cost there).
 * The figures are chosen by leave-one-set-out cross-validation (npm run train -- --cv --all), never
 * by the scores of the shipped model, which has seen every set.
 */
export interface LearnedUse {
  model: LearnedModel;
  /** The model's best class must be an item with at least this probability. */
  minProbability: number;
  /** Which items the model may answer: criteria only, or any item. */
  kinds: 'criteria' | 'items';
  /** The least probability on the other refusal paths (missing: never there). */
  elsewhere: Partial<Record<Exclude<RefusalPath, 'low'>, number>>;
  /**
   * Where retrieval (not a direct look-up) has answered, refused or asked back, the model's class
   * instead when it is at least `minProbability` sure: its item (with the hedge), or its "not
   * covered". Retrieval's refusals are overruled only on the paths `overrule` names, each when the
   * model is at least that sure: 'aside' is a scope check on a concept told beside what is asked
   * (…不交党费 这算不合格党员吗); one on the concept asked about (书记能领工资吗) always stands. An item
   * the question quotes stands against another item, and against "not covered" unless the model is
   * at least `notCovered` sure of it (missing: always). A direct look-up's answer (a phase read from
   * a date, an item by its name) only when the model is at least `direct` sure (missing: never).
   */
  arbiter?: { minProbability: number; overrule: Partial<Record<RefusalPath | 'aside', number>>; notCovered?: number; direct?: number };
}

/** Where retrieval refuses: low confidence, a last word the notice never uses, a fact no item states, one generic word. */
export type RefusalPath = 'low' | 'offFocus' | 'unstated' | 'clarify';

/** A scope check's refusal: a concept the notice never covers is what is asked (scope), or only told beside it (aside). */
type ScopeRefusal = 'scope' | 'aside';

let shipped: LearnedModel | undefined;

/**
 * The shipped model (trained on every set we may learn from) with the CV-chosen gate. The model is
 * parsed once per process, when retrieval first asks it (about 50 ms, not part of the index build).
 */
export function shippedLearnedUse(): LearnedUse {
  return {
    get model(): LearnedModel {
      shipped ??= LearnedModel.parse(LEARNED_MODEL);
      return shipped;
    },
    ...LEARNED_GATE,
  };
}

/** The gate chosen by cross-validation (see LearnedUse). */
export const LEARNED_GATE: Omit<LearnedUse, 'model'> = { minProbability: 0.6, kinds: 'items', elsewhere: { clarify: 0.7 }, arbiter: { minProbability: 0.4, overrule: { low: 0.4, offFocus: 0.7, aside: 0.7 }, notCovered: 0.6, direct: 0.8 } };

export class Answerer {
  private readonly relatedOf = new Map<string, KbItem[]>();
  /** Why retrieval refused an answer it made (see refused). */
  private readonly refusals = new WeakMap<Answer, RefusalPath | ScopeRefusal>();
  /** The model's best class for the last question asked of it (the fallback and the arbiter share it). */
  private predicted: { q: string; best: Prediction | undefined } | undefined;
  private readonly answers = new Map<string, Answer>();
  private readonly phrases: PhraseIndex;

  constructor(
    private readonly k: Knowledge,
    private readonly engine: SearchEngine,
    private readonly threshold = CONFIDENCE_THRESHOLD,
    private readonly learned?: LearnedUse,
  ) {
    this.phrases = new PhraseIndex(engine.items);
    // Related pointers for direct look-ups: the items closest to an item's own topic words.
    for (const item of engine.items) {
      if (item.ref.kind !== 'criterion') continue;
      const hits = engine.search(`${item.keywords}`, { filter: (it) => it.ref.kind === 'criterion' && it.key !== item.key, limit: 2 }).hits;
      this.relatedOf.set(item.key, hits.map((h) => h.item));
    }
  }

  answer(question: string, now: Date): Answer {
    // A follow-up message is answered twice (about the last item, then on its own): keep the latest few.
    const key = `${now.getTime()} ${question}`;
    const kept = this.answers.get(key);
    if (kept) return kept;
    const a = this.answerAfresh(question, now);
    if (this.answers.size >= ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, a);
    return a;
  }

  private answerAfresh(question: string, now: Date): Answer {
    if (onlyEmoji(question)) return this.greeting(true);
    const q = this.read(question);
    const greeting = greetingIn(q);
    if (greeting && greeting.rest === '') return this.greeting(greeting.thanks);
    // A count to check (一共20条对吧) is asked as a count: its number is no criterion's.
    // After 另外请教：/还有一个：, only what follows is asked (the matter before was another one).
    const greeted = greeting ? greeting.rest : q;
    const rest = countAsked(afterTurning(greeted) ?? greeted);
    if (isBareRequest(rest)) return this.askWhat();
    if (isWritingRequest(rest)) return this.cannotWrite();
    // A year that is neither the notice's nor the campaign's asks about another document (2021年的通知).
    // …unless it is this notice's own date offered for checking (这个通知是2020年发的吧: the document).
    if (this.otherYearIn(rest)) return ownDateChecked(rest) ? this.sure({ kind: 'section', id: 'document' }) : this.none();
    // …as does a newer document (有没有新的文件), other kinds of organisation (企业党组织也适用吗) and days off.
    // (Days off told beside a question of which criterion, 允许工作人员调休备考社工师 算哪条, are not asked about.)
    if (asksOtherDocument(rest) || asksOtherOrganisation(rest) || (asksTimeOff(rest) && !whichCriterionIn(rest))) return this.none();
    const byNumber = this.byNumber(rest);
    const direct = byNumber ?? this.byWords(rest, now);
    const whole = direct ?? this.retrieve(rest);
    let out = whole;
    if (whole.kind === 'none' && whole.show?.what === 'not-covered') out = this.lastAsked(rest, now) ?? this.quotedPhrase(rest) ?? whole;
    // A hedge (通知没有逐字这样说…) is wrong for words the notice does say: the quoted item instead.
    else if ((whole.kind === 'clarify' && whole.show?.what === 'clarify') || whole.kind === 'hedged') out = this.quotedPhrase(rest) ?? whole;
    // A direct look-up stands, unless it refused what a date or a phase word did not cover, or it
    // went by words and the model is very sure it is another item. An answer read from the calendar
    // (现在到哪个阶段了, a deadline) or counted from another phase (下个阶段) is never replaced by a
    // phase: the model sees no date and does not count.
    if (direct === undefined || this.refusals.has(direct)) return this.arbitrated(rest, out);
    const sure = this.learned?.arbiter?.direct;
    // A criterion's number only told beside the question (我们按第二十三条选了监事。监事要不要发津贴？) is a
    // look-up by words: the model may overrule it too.
    if ((byNumber !== undefined && !this.numberOnlyTold(rest)) || sure === undefined) return out;
    const dated = out.show?.what === 'phase-on' || out.show?.what === 'deadline-on' || (out.item.kind === 'phase' && phaseStepIn(rest) !== undefined);
    const ruled = this.arbitrated(rest, out, sure);
    return dated && ruled.item.kind === 'phase' ? out : ruled;
  }

  /** Whether the criterion number a message states sits in a sentence that asks nothing, beside one that asks. */
  private numberOnlyTold(q: string): boolean {
    const cn = criterionNumberIn(q);
    if (!cn) return false;
    const clauses = clausesOf(q);
    const own = clauses.find((c) => compact(c).includes(cn.span));
    return own !== undefined && !asksSomething(own) && clauses.some((c) => c !== own && asksSomething(c));
  }

  /** Retrieval's answer, or the learned model's class where the gate's arbiter lets it decide. */
  private arbitrated(q: string, a: Answer, minProbability?: number): Answer {
    const arb = this.learned?.arbiter;
    if (!arb || a.kind === 'greeting' || (a.kind === 'clarify' && a.show?.what !== 'clarify')) return a;
    const best = this.bestClass(q);
    if (!best || best.probability < (minProbability ?? arb.minProbability) || best.label === refKey(a.item)) return a;
    // Retrieval's item quoted word for word (微信公众号: 广泛宣传) stands, unless the model is very sure
    // the notice does not cover the question: the quote is then only its topic (民主评议党员分几个等次).
    const notCovered = best.label === NONE_LABEL && arb.notCovered !== undefined && best.probability >= arb.notCovered;
    if (!notCovered && a.kind !== 'none' && this.phrases.quoted(q)?.key === refKey(a.item)) return a;
    // …as does one that states the very fact asked (走基层什么时候搞: 每半年), whatever the model says.
    const stated = a.kind !== 'none' ? this.engine.item(refKey(a.item)) : undefined;
    if (stated && askedFacetSpans(q).length > 0 && unstatedFacet(q, stated.text) === undefined) return a;
    // A question asking which criterion says it (哪一条规定了任期几年) gets the closest one with its
    // hedge, not a bare refusal: the hedge already says the notice does not state it.
    if (best.label === NONE_LABEL) return a.kind === 'hedged' && whichCriterionIn(q) ? a : this.none(a.confidence);
    const why = a.kind === 'none' ? this.refusals.get(a) : undefined;
    const least = why === undefined || why === 'scope' ? undefined : arb.overrule[why];
    const overruled = least !== undefined && best.probability >= least;
    if (a.kind === 'none' && !overruled) return a;
    const related = this.relatedOf.get(best.label)?.map((it) => it.ref) ?? [];
    return this.modelItem(best, [], related) ?? a;
  }

  /** The model's best class for a question (computed once per question in a row). */
  private bestClass(q: string): Prediction | undefined {
    const use = this.learned;
    if (!use) return undefined;
    if (this.predicted?.q !== q) this.predicted = { q, best: use.model.best(learnedFeatures(this.engine, q)) };
    return this.predicted.best;
  }

  /**
   * The model's item, with the hedge: through its hit among `hits` when it has one, else on its own
   * with `related` pointers; undefined when the gate may not answer it.
   */
  private modelItem(best: Prediction, hits: Hit[], related: ItemRef[]): Answer | undefined {
    const item = this.engine.item(best.label);
    if (!item || (this.learned?.kinds === 'criteria' && item.ref.kind !== 'criterion')) return undefined;
    const hit = hits.find((h) => h.item.key === item.key);
    if (hit) return { ...this.fromHit(hit, hits, 'hedged'), confidence: best.probability };
    return { kind: 'hedged', item: item.ref, confidence: best.probability, related, show: ITEM };
  }

  /**
   * A question refused, hedged or left open that quotes one item's words (以党建促会建啥意思): that item,
   * when no other item holds as long a run of the question and nothing else is asked that the
   * notice lacks (民主评议党员咋打分 ends on 打分).
   */
  private quotedPhrase(q: string): Answer | undefined {
    const item = this.phrases.quoted(q);
    if (!item || unstatedFacet(q, item.text) !== undefined) return undefined;
    const words = this.engine.analyze(q);
    if (words.some((w) => isOutOfScope(w.token)) || foreignNoun(words) || this.focusUnknown(words)) return undefined;
    return item.ref.kind === 'criterion' ? this.criterion(item.ref.number) : this.sure(item.ref);
  }

  /**
   * A long message refused whole whose last clause asks something the notice answers, on its own
   * (各位好 我们学会支部刚成立 不太懂 想先问问六好具体是哪几个): that clause's answer, direct look-ups
   * included. The clauses before it only tell, and name no concept the notice lacks.
   */
  private lastAsked(q: string, now: Date): Answer | undefined {
    const clauses = clausesOf(q);
    const last = clauses[clauses.length - 1];
    if (!last || !asksSomething(last) || clauses.slice(0, -1).some(asksSomething)) return undefined;
    // What the message tells may be what it asks about (dangfei 一个月交多少: 党费).
    if (this.engine.analyze(q).some((w) => isOutOfScope(w.token))) return undefined;
    const a = this.answerAfresh(last, now);
    return (a.kind === 'item' || a.kind === 'hedged') && a.confidence >= this.threshold ? a : undefined;
  }

  /** One answer per question of the message (走基层多久一次？还有联系人是谁？), in order. */
  answerAll(question: string, now: Date): Answer[] {
    if (onlyEmoji(question)) return [this.answer(question, now)];
    const q = this.read(question);
    const parts = questionsOf(q);
    // A standard named in one sentence and an ordinal asked in the next (我负责讲团结凝聚群众好…。第三条是啥): one question.
    const placed = criterionInStandardIn(q, this.k.standards);
    const across = placed !== undefined && !parts.some((p) => criterionInStandardIn(p, this.k.standards)?.number === placed.number);
    if (parts.length > 1 && !across) {
      const answers = parts.map((p) => this.answer(p, now));
      const found = answers.filter((a) => a.kind === 'item' || a.kind === 'hedged');
      const distinct = new Set(found.map((a) => refKey(a.item)));
      if (found.length >= 2 && distinct.size === found.length) return found;
      // 走基层多久一次？另外，党费交多少？: two questions, one the notice answers and one about a concept it never
      // covers: both, in order. (A part refused only on its own may lean on the other: 第7条是啥？要写进总结吗？)
      const outside = answers.map((a, i) => a.kind === 'none' && this.engine.analyze(parts[i] ?? '').some((w) => isOutOfScope(w.token)));
      const refused = outside.filter(Boolean).length;
      if (found.length >= 1 && refused >= 1 && found.length + refused === answers.length && distinct.size === found.length && parts.every(asksSomething)) return answers;
    }
    const one = this.answer(q, now);
    // 双强六好是啥: the name's two parts, its goal (双强) and its standards (六好).
    if (one.item.kind === 'shuangqiang' && asksCampaignName(q)) return [one, this.sure({ kind: 'standards' })];
    return [one];
  }

  /** The question as read: cut to its length limit, and Han text when it was typed in pinyin. */
  private read(question: string): string {
    const q = cut(question);
    return this.engine.readPinyin(q) ?? q;
  }

  /**
   * A message read as a question about one item (a follow-up: 交到几楼 after the submission rule):
   * that item, or a refusal when it asks what the item cannot state (about.ts); undefined when the
   * message is a direct look-up, names a topic of its own, or (naming only the item's words) is
   * answered on its own.
   */
  answerAbout(question: string, about: ItemRef, now: Date): Answer | undefined {
    const q = this.read(question);
    const item = this.engine.item(refKey(about));
    if (!item || greetingIn(q) || isWritingRequest(q) || !asksSomething(q) || this.direct(q, now)) return undefined;
    const words = this.engine.analyze(q);
    const reading = readAbout(this.engine, item, q, words);
    if (reading.topic === 'own') return undefined;
    // Answered on its own: with the item's words, or without topic words when more than a numeral
    // matched (文件是谁发的 → the document section; 多少年换一次 matches 第7条 only by 一次).
    const alone = this.answer(q, now);
    const own = alone.kind === 'item' || alone.kind === 'hedged' ? this.engine.item(refKey(alone.item)) : undefined;
    if (own && (reading.topic === 'shared' || matchesBeyondFunctionWords(this.engine, own, words))) return undefined;
    if (!reading.fits) return this.none();
    return about.kind === 'criterion' ? this.criterion(about.number) : this.sure(about);
  }

  // ---- direct look-ups -------------------------------------------------------------------

  /** Search hits for what a message offers for checking, its checking words and `spans` left out; undefined when it offers nothing. */
  private checkedHits(q: string, spans: readonly string[]): Hit[] | undefined {
    const checking = checkingIn(q);
    return checking === undefined ? undefined : this.engine.search(without(q, [...spans, checking])).hits;
  }

  /** The criterion a standard was offered for (…是推动事业发展好里的吧), noted when it is in another standard. */
  private checkedPlacement(q: string, index: number, spans: readonly string[]): Answer | undefined {
    const top = this.checkedHits(q, spans)?.[0];
    if (top?.item.ref.kind !== 'criterion' || top.coverage < CHECKED_COVERAGE) return undefined;
    const a = this.criterion(top.item.ref.number);
    return this.k.standardOf(top.item.ref.number).index === index ? a : { ...a, note: { kind: 'other-standard', said: index } };
  }

  /**
   * A number offered for checking with what it is said of (党建写进章程是第9条吧): the other criterion,
   * noted, when the rest is surely another one's and the number's own criterion covers well less of it.
   */
  private checkedElsewhere(q: string, cn: { number: number; span: string }): Answer | undefined {
    const hits = this.checkedHits(q, [cn.span]) ?? [];
    const top = hits[0];
    if (top?.item.ref.kind !== 'criterion' || top.item.ref.number === cn.number || top.confidence < CHECKED_CONFIDENCE) return undefined;
    const said = hits.find((h) => h.item.ref.kind === 'criterion' && h.item.ref.number === cn.number);
    if (said && said.coverage >= top.coverage * CHECKED_SAID_SHARE) return undefined;
    return { ...this.criterion(top.item.ref.number), note: { kind: 'other-number', said: cn.number } };
  }

  private direct(q: string, now: Date): Answer | undefined {
    return this.byNumber(q) ?? this.byWords(q, now);
  }

  /** Look-ups by a number or an ordinal the question states (第7条, 第三个好, 5号文, 617): never overruled. */
  private byNumber(q: string): Answer | undefined {
    // 第三个好里面第二条: a criterion placed in a standard, before the standard alone.
    // 推动事业发展好有没有第四条: the standard, which has three.
    const past = ordinalPastStandardIn(q, this.k.standards);
    if (past) return this.sure({ kind: 'standard', index: past.index });
    const inStd = criterionInStandardIn(q, this.k.standards);
    if (inStd) return this.checkedElsewhere(q, inStd) ?? this.numbered(inStd.number, q);
    const sn = standardNumberIn(q);
    if (sn) {
      if (sn.index >= 1 && sn.index <= this.k.standards.length) return this.sure({ kind: 'standard', index: sn.index });
      return this.sure({ kind: 'none' }, { what: 'no-standard', index: sn.index });
    }
    const lastOne = lastCriterionIn(q, this.k.criteria.length);
    if (lastOne) return this.criterion(lastOne.number);
    // 是第3条还是第22条: the one of the two the rest of the question is about (the first when it says nothing else).
    const choice = criterionChoiceIn(q);
    if (choice && choice.numbers.every((n) => this.k.criterion(n))) {
      const keys = choice.numbers.map((number) => refKey({ kind: 'criterion', number }));
      const hit = this.engine.search(without(q, [choice.span]), { filter: (it) => keys.includes(it.key) }).hits[0];
      return this.criterion(hit?.item.ref.kind === 'criterion' ? hit.item.ref.number : choice.numbers[0]);
    }
    const cn = criterionNumberIn(q);
    if (cn) {
      // 第7条属于哪个一级标准: the standard it sits in.
      if (this.k.criterion(cn.number) && asksStandardOf(q)) {
        const std = this.k.standardOf(cn.number);
        return this.sure({ kind: 'standard', index: std.index });
      }
      const elsewhere = this.checkedElsewhere(q, cn);
      if (elsewhere) return elsewhere;
      if (this.k.criterion(cn.number)) return this.numbered(cn.number, q);
      return this.sure({ kind: 'none' }, { what: 'no-criterion', number: cn.number });
    }
    const pn = phaseNumberIn(q);
    if (pn) {
      const index = pn.index < 0 ? this.k.calendar.phases.length : pn.index;
      if (index >= 1 && index <= this.k.calendar.phases.length) {
        return this.sure({ kind: 'phase', index });
      }
      return this.sure({ kind: 'none' }, { what: 'no-phase', index });
    }
    // A document number (晋办发〔2017〕55号) is the item that cites it, or another document; never a date.
    const doc = documentNumberIn(q);
    if (doc) return this.sure(this.citing(doc) ?? { kind: 'none' });
    // A number quoted from one item's text (617在哪个部门, 4921836是谁): that item, if it can state what is asked.
    const quoted = this.quoting(quotedNumbersIn(q));
    if (quoted) return unstatedFacet(q, quoted.text) === undefined ? this.sure(quoted.ref) : this.none();
    return undefined;
  }

  /** Look-ups by words: a date or period, a phase word, an item's name; the model may overrule them when very sure. */
  private byWords(q: string, now: Date): Answer | undefined {
    const date = parseDateIn(q, now, this.k.calendar.year);
    if (date && !date.ok) {
      return this.sure({ kind: 'none' }, { what: 'bad-date', message: date.message });
    }
    const period = parsePeriodIn(q, this.k.calendar.year, now);
    const dateSpan = [...(period ? [period.span] : []), ...(date?.ok ? [date.span] : [])];
    const day = period ? this.overlapDay(period.start, period.end) : date?.ok ? date.date : undefined;
    const found = this.softIntent(q, now, day, dateSpan);
    if (!found) return undefined;
    // A period over every phase (从九月到十一月…怎么安排的) asks for the whole schedule, not the phase it overlaps most.
    const phases = this.k.calendar.phases;
    const overAll = period !== null && phases.length > 1 && phases.every((p) => period.start <= p.end && period.end >= p.start);
    const intent: Intent = overAll && found.show.what === 'phase-on' ? { ...found, ref: { kind: 'phase' }, show: ITEM } : found;
    // A fact no direct item states (动员部署会开多长时间, 明天下午开会不): not covered.
    if (unstatedFacet(q, this.engine.item(refKey(intent.ref))?.text ?? '', true) !== undefined) return this.refused('unstated', 0);

    const residual = this.residualWords(q, intent.spans);
    if (residual.length === 0) return this.sure(intent.ref, intent.show);
    // A standard named with "which criterion" and a detail (规矩制度要立起来 是推动事业发展好的哪一条)
    // asks for a criterion inside it, even when one clause alone names only the standard.
    if (intent.ref.kind === 'standard' && whichCriterionIn(q)) {
      const inside = this.insideStandard(intent.ref.index, q, intent.spans, residual);
      if (inside) return inside;
    }
    // A standard offered for checking with what is placed in it (监事会那条是推动事业发展好里的吧): the
    // criterion it is said of, wherever it is, when the rest is all that criterion's.
    if (intent.ref.kind === 'standard') {
      const placed = this.checkedPlacement(q, intent.ref.index, intent.spans);
      if (placed) return placed;
    }
    const exact = this.exactClause(q, intent, now, day, dateSpan, true);
    if (exact) return exact;
    // An unknown noun left over (人才成长这个好 要做哪几件事 is not): the question may be about something
    // else. When the look-up's words only qualify it (组织实施阶段的年终奖什么时候发), or it is a concept the
    // notice never covers (…这块的年检材料怎么报), it is: a scope check the model does not overrule (it
    // knows the phase word, not the noun); unless that concept is only told beside the question, as
    // in retrieval (主题党日这个月学建设先进文化好 整体内容讲讲).
    const words = this.engine.analyze(without(q, dateSpan));
    const noun = foreignNoun(words, residual);
    if (noun && isOutOfScope(noun.token)) return this.refused(scopeRefusal(words), 0);
    if (noun) return this.refused(intent.spans.some((span) => q.includes(`${span}的${noun.token}`)) ? 'scope' : 'offFocus', 0);
    if (intent.ref.kind === 'standard') {
      const inside = this.insideStandard(intent.ref.index, q, intent.spans, residual);
      if (inside) return inside;
    }
    // Something else is asked too (11月15日前要交什么): let retrieval decide if it is confident.
    // Date digits stay out of retrieval (10月 must not match 第10条); so does the campaign named as a
    // whole (双强六好的总结啥时候交: 双强 there names the campaign, not its goal).
    const undated = without(q, dateSpan);
    const unnamed = withoutCampaign(undated);
    const outcome = this.engine.search(unnamed !== undated && queryTokens(unnamed).length > 0 ? unnamed : undated);
    const top = outcome.hits[0];
    const absent = outcome.words.some((w) => residual.includes(w.token) && isOutOfScope(w.token));
    if (absent) return this.refused('scope', 0); // 发展党员有哪些步骤: the 步骤 asked about are not the campaign's
    if (top && refKey(top.item.ref) === refKey(intent.ref)) return this.sure(intent.ref, intent.show);
    // …by a word of its own: one that many items use (支部, 党员) says nothing beside a date (9月15号支部该干嘛).
    const explains = top !== undefined && outcome.words.some((w) => residual.includes(w.token) && top.matched.includes(w.token) && this.engine.itemsUsing(w) < GENERIC_MIN_ITEMS);
    // A date with 哪个阶段 asks for the phase, whatever else matches (10月31号截止的是哪个阶段).
    const asksPhase = dateSpan.length > 0 && intent.ref.kind === 'phase' && /阶段/u.test(q);
    if (top && explains && top.confidence >= this.threshold && !asksPhase && !(date?.ok && top.item.ref.kind === 'phase')) {
      return this.fromHit(top, outcome.hits);
    }
    // Keep the direct reading unless the extra words are mostly about something the notice lacks
    // (明天会下雨吗: a date, but the question is about rain).
    const unknown = outcome.words.filter((w) => residual.includes(w.token) && !w.known);
    const unknownMass = unknown.reduce((s, w) => s + w.weight, 0);
    if (unknownMass < this.engine.unknownWeight * UNKNOWN_RESIDUAL_LIMIT) return this.sure(intent.ref, intent.show);
    return this.exactClause(q, intent, now, day, dateSpan, false) ?? this.refused('low', 0);
  }

  /**
   * A long message of which one clause asks exactly the direct look-up (…分几个阶段) while the
   * others set the scene (我们支部刚成立). With `statementsOnly`, only when no other clause asks anything.
   */
  private exactClause(q: string, intent: Intent, now: Date, day: string | undefined, dateSpan: string[], statementsOnly: boolean): Answer | undefined {
    const clauses = clausesOf(q);
    for (const c of clauses) {
      const own = this.softIntent(c, now, day, dateSpan);
      if (!own || refKey(own.ref) !== refKey(intent.ref) || this.residualWords(c, own.spans).length > 0) continue;
      if (statementsOnly && clauses.some((o) => o !== c && asksSomething(o))) continue;
      return this.sure(own.ref, own.show);
    }
    return undefined;
  }

  private softIntent(q: string, now: Date, date: string | undefined, dateSpan: string[]): Intent | undefined {
    const k = this.k;
    const phaseOn = (d: string): Intent => {
      const p = k.calendar.phaseOn(d);
      const ref: ItemRef = p ? { kind: 'phase', index: p.index } : { kind: 'phase' };
      const question = phaseQuestionIn(q);
      return { ref, spans: [...dateSpan, ...(question ? [question.span] : [])], show: { what: 'phase-on', date: d } };
    };
    const name = phaseNameIn(q);
    // 下个阶段干啥 (from the date asked or today), 动员部署的下一个阶段: the phase beside it.
    const step = phaseStepIn(q);
    if (step) {
      const extra = phaseQuestionIn(q);
      const spans = [step.span, ...(name ? [name.span] : []), ...dateSpan, ...(extra ? [extra.span] : [])];
      return { ref: this.phaseBeside(name?.index, step.step, date ?? shanghaiDate(now)), spans, show: ITEM };
    }
    if (name) {
      const ref: ItemRef = { kind: 'phase', index: name.index };
      const extra = phaseQuestionIn(q);
      return { ref, spans: [name.span, ...dateSpan, ...(extra ? [extra.span] : [])], show: ITEM };
    }
    const overview = phaseOverviewIn(q);
    if (overview) return { ref: { kind: 'phase' }, spans: [overview.span, ...dateSpan], show: ITEM };
    // The work requirements as a whole (通知对我们提了哪几点要求).
    const requirements = requirementsOverviewIn(q);
    if (requirements) {
      const all = this.engine.item('section:requirements');
      if (all) return { ref: all.ref, spans: [requirements], show: ITEM };
    }
    // What the campaign is or why it is held: the notice's opening (not 双强, its goal).
    const purpose = campaignPurposeIn(q);
    if (purpose) {
      const intro = this.engine.item('section:intro');
      if (intro) return { ref: intro.ref, spans: purpose, show: ITEM };
    }
    const sq = shuangqiangIn(q);
    if (sq) {
      const six = standardsOverviewIn(q);
      return { ref: { kind: 'shuangqiang' }, spans: [sq.span, ...(six ? [six.span] : [])], show: ITEM };
    }
    // 六好/标准 beside other content words frames a question about one criterion (六好标准里有说法没).
    const six = standardsOverviewIn(q);
    if (six && this.residualWords(q, [six.span, whichCriterionIn(q) ?? '']).every((t) => FRAME_WORDS.has(t) || NOTICE_WORDS.has(t))) {
      return { ref: { kind: 'standards' }, spans: [six.span], show: ITEM };
    }
    const std = standardNameIn(q, k.standards);
    if (std) return { ref: { kind: 'standard', index: std.index }, spans: [std.span], show: ITEM };
    // Who issued the notice (谁发的文): the document's details.
    const issuer = issuerQuestionIn(q);
    const document = this.engine.item('section:document');
    if (issuer && document) return { ref: document.ref, spans: [issuer], show: ITEM };
    // Still in time to hand in (11月20号再交还来得及吗): the submission, measured from the date asked.
    const late = lateSubmissionIn(q);
    const submission = this.engine.item('section:submission');
    if (late && submission) return { ref: submission.ref, spans: [late, ...dateSpan], show: date ? { what: 'deadline-on', date } : ITEM };
    if (date) return phaseOn(date);
    if (phaseQuestionIn(q)) return phaseOn(shanghaiDate(now));
    return undefined;
  }

  /**
   * The phase one step from `from` (a phase index) or from the phase of `day`. Before the campaign
   * the next phase is the first, after it the previous one is the last; past either end of the
   * phases, the phases as a whole.
   */
  private phaseBeside(from: number | undefined, step: 1 | -1, day: string): ItemRef {
    const phases = this.k.calendar.phases;
    const first = phases[0];
    const last = phases[phases.length - 1];
    let index = from ?? this.k.calendar.phaseOn(day)?.index;
    if (index === undefined && first && last) index = day < first.start ? 0 : day > last.end ? phases.length + 1 : undefined;
    const target = index === undefined ? undefined : index + step;
    return target !== undefined && target >= 1 && target <= phases.length ? { kind: 'phase', index: target } : { kind: 'phase' };
  }

  /** Content words of the question left after removing what the direct look-up consumed. */
  private residualWords(q: string, spans: string[]): string[] {
    let rest = compact(q);
    for (const span of spans) if (span) rest = rest.replace(span, ' ');
    return queryTokens(rest).filter((t) => !NEUTRAL.has(t) && !NOTICE_WORDS.has(t));
  }

  // ---- retrieval -------------------------------------------------------------------------

  private retrieve(question: string): Answer {
    // 这次活动 / 双强六好 name the whole campaign: they say nothing about which part is asked.
    const rest = withoutCampaign(question);
    let q = rest !== question && queryTokens(rest).length > 0 ? rest : question;
    // A year that is neither the notice's nor the campaign's asks about another document (2021年的通知).

    // The words asking for a fact are not a frame (认定标准, 指哪个文件: 标准 and 文件 are what is asked).
    const framed = isFramed(without(q, askedFacetSpans(q).map((f) => f.span)));
    const which = whichCriterionIn(q);
    // 哪条要求 asks among the work requirements, 哪一条 among the criteria.
    const among = which
      ? whichRequirementIn(q)
        ? (it: KbItem): boolean => it.ref.kind === 'section' && it.ref.id.startsWith('requirement-')
        : (it: KbItem): boolean => it.ref.kind === 'criterion'
      : undefined;
    // "Not the one about X" (不是党内监督那条): X's best item is left out, X's words too.
    const negated = negatedIn(q);
    let excluded: string | undefined;
    if (negated) {
      const x = this.engine.search(negated.phrase, among ? { filter: among } : {}).hits[0];
      const restQ = without(q, [negated.span]);
      if (x && queryTokens(restQ).length > 0) {
        excluded = x.item.key;
        q = restQ;
      }
    }
    const filter =
      excluded === undefined ? among : (it: KbItem): boolean => it.key !== excluded && (among === undefined || among(it));
    let outcome = this.searchTopic(q, filter);
    // 哪条要求 may still mean a criterion (分工乱 工作程序不规范 属于哪条要求): one that covers clearly
    // more of the question than any work requirement.
    if (which && whichRequirementIn(q) && excluded === undefined) {
      const criteria = this.searchTopic(q, (it) => it.ref.kind === 'criterion');
      const c = criteria.hits[0];
      if (c && c.coverage > (outcome.hits[0]?.coverage ?? 0) + REQUIREMENT_MARGIN) outcome = criteria;
    }
    const top = outcome.hits[0];
    const absent = outcome.words.some((w) => isOutOfScope(w.token));
    // A day asked of a criterion (…日是几月几号): the criteria state no dates, only the phases do.
    if (top?.item.ref.kind === 'criterion' && asksDay(q)) return this.none(top.confidence);
    // A fact the best item cannot state (任期几年, 在哪条街, 怎么申请, 哪年开的): not covered, unless
    // the question asks about the notice (then the closest item with a hedge, below).
    // …or one it states only about its own topic (多少年换一次 matching 走基层's 一次 alone).
    const unstated = top !== undefined && (unstatedFacet(q, top.item.text) !== undefined || asksOnlyFacet(q, top.matched));
    if (unstated && !framed && !which) return this.guess(q, outcome.hits, 'unstated') ?? this.refused('unstated', top?.confidence ?? 0);
    if (!absent && this.isGeneric(outcome.words, outcome.hits)) return this.guess(q, outcome.hits, 'clarify') ?? this.clarify(outcome.words[0]?.token ?? q, outcome.hits);
    const clauses = clausesOf(q);
    // The word the message ends on is another topic: refused, unless another clause of a long
    // message asks something the notice answers (…那条不是一回事吧 党内那条说的啥). A concept the notice
    // never covers is checked below instead (支部活动室的房租谁出 is a scope refusal, not this one).
    const offFocus = !framed && !which && this.focusUnknown(outcome.words);
    if (offFocus && !absent && clauses.length < 2) return this.guess(q, outcome.hits, 'offFocus') ?? this.refused('offFocus', top?.confidence ?? 0);
    const source = asksSourceOrPerson(q) ? 'hedged' : 'item';
    // A concept the notice never covers (党费, 工资, 发展党员) is the topic whatever else matches.
    if (absent) return this.refused(scopeRefusal(outcome.words), top?.confidence ?? 0);
    if (unstated && top && top.confidence >= this.threshold) {
      return top.coverage >= HEDGE_MIN_COVERAGE ? this.fromHit(top, outcome.hits, 'hedged') : this.refused('unstated', top.confidence);
    }
    if (!offFocus && top && top.confidence >= this.threshold && this.topicCovered(top, outcome.words)) return this.fromHit(top, outcome.hits, top.item.ref.kind === 'criterion' ? source : 'item');
    // A long message: the clause that asks something the notice answers (各位好，我们支部刚成立，…).
    if (clauses.length > 1) {
      let best: { hit: Hit; hits: Hit[] } | undefined;
      for (const c of clauses) {
        const o = this.searchTopic(c, filter);
        // A clause that only frames (六好标准里有说法没) says nothing about what is asked.
        if (!hasTopic(o.words.filter((w) => !NOTICE_WORDS.has(w.token)))) continue;
        // …nor does one made only of words many items use (支部该管吗).
        if (!o.words.some((w) => w.known && !INTENT_WORDS.has(w.token) && this.engine.itemsUsing(w) < GENERIC_MIN_ITEMS)) continue;
        const h = o.hits[0];
        if (!framed && this.focusUnknown(o.words)) continue;
        // Asked about the notice: a clause's item must cover about as much of the whole message as
        // its best item does (支部带着学新思想 alone is 第20条's 支部+思想; the message is 第1条's).
        if ((framed || which) && h && top && wholeCoverage(h, outcome.hits) < top.coverage - COVERAGE_TIE) continue;
        if (h && h.confidence >= this.threshold && this.topicCovered(h, o.words) && !o.words.some((w) => isOutOfScope(w.token)) && (!best || h.confidence > best.hit.confidence)) {
          best = { hit: h, hits: o.hits };
        }
      }
      if (best && unstatedFacet(q, best.hit.item.text) !== undefined) return this.refused('unstated', best.hit.confidence);
      if (best) return this.fromHit(best.hit, best.hits, best.hit.item.ref.kind === 'criterion' ? source : 'item');
    }
    if (offFocus) return this.guess(q, outcome.hits, 'offFocus') ?? this.refused('offFocus', top?.confidence ?? 0);
    // Asked about the notice in other words: the closest item, with an honest hedge.
    const hedgeFloor = which && top?.anchored ? WHICH_HEDGE_MIN_COVERAGE : HEDGE_MIN_COVERAGE;
    if ((framed || which) && top && !absent && top.coverage >= hedgeFloor && this.topicCovered(top, outcome.words)) {
      return this.fromHit(top, outcome.hits, 'hedged');
    }
    return this.guess(q, outcome.hits, 'low') ?? this.refused('low', top?.confidence ?? 0);
  }

  /**
   * The learned model's item for a question retrieval would refuse (or ask back about) on `path`,
   * with the hedge (通知没有逐字这样说，最接近的是…), when the model is sure enough and it is not 'none'.
   */
  private guess(q: string, hits: Hit[], path: RefusalPath): Answer | undefined {
    const least = path === 'low' ? this.learned?.minProbability : this.learned?.elsewhere[path];
    if (least === undefined || least > 1) return undefined;
    const best = this.bestClass(q);
    if (!best || best.label === NONE_LABEL || best.probability < least) return undefined;
    return this.modelItem(best, hits, []);
  }

  /** The item whose text cites a document number (the notice's own number: the document section). */
  private citing(doc: { code: string; year: string; serial: string }): ItemRef | undefined {
    // The issuer's last character before 发 (晋办发: 办), as the code may have caught words before it;
    // a serial alone (5号文) is any document number with that serial.
    const cited =
      doc.code === ''
        ? new RegExp(`发\\s*[〔［\\[【(（]\\s*\\d{4}\\s*[〕］\\]】)）]\\s*第?\\s*${doc.serial}\\s*号`, 'u')
        : new RegExp(`${[...doc.code].slice(-2, -1).join('')}发\\s*[〔［\\[【(（]?\\s*${doc.year}\\s*[〕］\\]】)）]?\\s*第?\\s*${doc.serial}\\s*号`, 'u');
    const items = this.engine.items.filter((it) => it.ref.kind === 'section' && cited.test(it.text.normalize('NFKC')));
    return items.find((it) => it.key === 'section:document')?.ref ?? items[0]?.ref;
  }

  /** The one item whose text quotes all these numbers (617 → the submission), if any. */
  private quoting(numbers: readonly string[]): KbItem | undefined {
    if (numbers.length === 0) return undefined;
    const has = (it: KbItem): boolean => numbers.every((n) => new RegExp(`(?<!\\d)${n}(?!\\d)`, 'u').test(it.text.normalize('NFKC')));
    const items = this.engine.items.filter(has);
    return items.length === 1 ? items[0] : undefined;
  }

  /** Whether the text names a year (2021年, not a full date; 去年, 明年) other than the notice's and the campaign's. */
  private otherYearIn(q: string): boolean {
    // …in a clause that asks (not 我们支部去年才成立, which only sets the scene).
    const parts = clausesOf(q);
    if ((parts.length > 0 ? parts : [q]).some((c) => RELATIVE_YEAR.test(c) && asksSomething(c))) return true;
    // A year told in a clause that asks nothing sets the scene too (上一届是2015年选的，…这个问题严重吗).
    const asking = parts.length > 0 ? parts.filter(asksSomething).join(' ') : q;
    const years = [...asking.normalize('NFKC').matchAll(/(?<!\d)((?:19|20)\d{2})\s*年(?!\s*[\d一二三四五六七八九十]+\s*月)/gu)].map((m) => Number(m[1]));
    const own = new Set([this.k.calendar.year, Number(/\d{4}/u.exec(this.k.notice.document.date)?.[0] ?? NaN)]);
    return years.some((y) => !own.has(y));
  }

  /**
   * Retrieval on what the question is about: words naming the notice or its standards as a whole
   * (标准, 六好, 通知) only frame it when other known words are there, so they are left out.
   */
  private searchTopic(q: string, filter: ((it: KbItem) => boolean) | undefined): SearchOutcome {
    const options = filter ? { filter } : {};
    const outcome = this.engine.search(q, options);
    const topic = outcome.words.filter((w) => !NOTICE_WORDS.has(w.token));
    if (topic.length === outcome.words.length || !hasTopic(topic)) return outcome;
    return this.engine.searchWords(topic, options);
  }

  /**
   * An unknown noun is a strong sign of another topic (年检, 年终总结): the item must match topic
   * words (not intent words such as 交, 什么时候) weighing at least TOPIC_SHARE of the heaviest one.
   */
  private topicCovered(hit: Hit, words: readonly QueryWord[]): boolean {
    const unknown = words.filter((w) => !w.known).reduce((m, w) => Math.max(m, w.weight), 0);
    if (unknown < this.engine.unknownWeight * STRONG_UNKNOWN) return true;
    const matched = new Set(hit.matched);
    const topical = words.filter((w) => w.known && matched.has(w.token) && !INTENT_WORDS.has(w.token));
    const got = topical.reduce((s, w) => s + w.weight * (w.terms.get(w.token) === 'exact' || w.terms.size > 1 ? 1 : 0.5), 0);
    return got >= unknown * TOPIC_SHARE;
  }

  /**
   * The last content word of a question is usually what it asks about (学会秘书长要不要坐班,
   * 党务工作者补贴怎么发): when the notice does not know it and it is a specific noun or verb, the
   * question is about something else, however well its other words match.
   */
  private focusUnknown(words: readonly QueryWord[]): boolean {
    const focus = focusWord(words, (t) => INTENT_WORDS.has(t));
    return focus !== undefined && !focus.known && focus.terms.size === 1 && /^(?:n|v)/u.test(focus.tag) && generalIdf(focus.token) >= FOCUS_MIN_GENERAL_IDF;
  }

  /** One generic word alone (活动, 党员, 工作): what about it is asked is unclear. */
  private isGeneric(words: readonly QueryWord[], hits: readonly Hit[]): boolean {
    if (words.length !== 1) return false;
    const w = words[0] as QueryWord;
    if (!w.known || w.repaired) return false;
    const [first, second] = hits;
    // Clear when the best item is named by the word (宣传 → 广泛宣传).
    if (first && first.item.title.includes(w.token)) return false;
    // Two items that the word fits equally well (监督: 第23条, 第25条) leave the question open too.
    if (first && second && second.coverage >= first.coverage && second.score >= first.score * AMBIGUOUS_SCORE) return true;
    if (this.engine.itemsUsing(w) < GENERIC_MIN_ITEMS) return false;
    // Still clear when one item scores far above the others.
    return !first || !second || first.score < second.score * GENERIC_LEAD;
  }

  /** A criterion of the named standard that the rest of the question asks about (推动事业发展好里关于章程的那条). */
  private insideStandard(index: number, q: string, spans: string[], residual: string[]): Answer | undefined {
    const std = this.k.standards.find((s) => s.index === index);
    if (!std) return undefined;
    const rest = without(compact(q), spans);
    const numbers = new Set(std.criteria);
    const outcome = this.engine.search(rest, { filter: (it) => it.ref.kind === 'criterion' && numbers.has(it.ref.number) });
    const top = outcome.hits[0];
    if (!top || !top.matched.some((w) => residual.includes(w)) || top.coverage < INSIDE_STANDARD_MIN_COVERAGE) return undefined;
    return this.fromHit(top, outcome.hits);
  }

  /** The day of the phase that overlaps a period most (9月下旬到10月底 → 组织实施). */
  private overlapDay(start: string, end: string): string {
    let best: { day: string; days: number } | undefined;
    for (const p of this.k.calendar.phases) {
      const from = start > p.start ? start : p.start;
      const to = end < p.end ? end : p.end;
      if (from > to) continue;
      const days = daysBetween(from, to) + 1;
      if (!best || days > best.days) best = { day: from, days };
    }
    return best?.day ?? start;
  }

  private fromHit(top: Hit, hits: Hit[], kind: AnswerKind = 'item'): Answer {
    const related = hits
      .slice(1)
      .filter((h) => h.score >= top.score * RELATED_SCORE_RATIO && h.confidence >= this.threshold * 0.6)
      .filter((h) => h.item.ref.kind === 'criterion' || top.item.ref.kind !== 'criterion')
      .slice(0, 2)
      .map((h) => h.item.ref);
    return { kind, item: top.item.ref, confidence: top.confidence, related, show: ITEM };
  }

  /**
   * A criterion asked by its number or place, unless the question asks a fact its text cannot state
   * (第十八条换届几年一次, 团结凝聚群众好第一条没做到扣几分): then not covered, with that criterion shown.
   */
  private numbered(n: number, q: string): Answer {
    const text = this.k.criterion(n)?.text ?? '';
    return unstatedFacet(q, text) === undefined ? this.criterion(n) : this.sure({ kind: 'none' }, { what: 'not-stated', number: n });
  }

  private criterion(n: number): Answer {
    const related = this.relatedOf.get(`criterion:${n}`) ?? [];
    return { kind: 'item', item: { kind: 'criterion', number: n }, confidence: 1, related: related.map((r) => r.ref), show: ITEM };
  }

  private sure(ref: ItemRef, show: AnswerShow = ITEM): Answer {
    return { kind: ref.kind === 'none' ? 'none' : 'item', item: ref, confidence: 1, related: [], show };
  }

  private greeting(thanks: boolean): Answer {
    return { kind: 'greeting', item: { kind: 'none' }, confidence: 1, related: [], show: { what: 'greeting', thanks } };
  }

  private clarify(word: string, hits: Hit[]): Answer {
    return { kind: 'clarify', item: { kind: 'none' }, confidence: 0, related: hits.slice(0, 3).map((h) => h.item.ref), show: { what: 'clarify', word } };
  }

  private askWhat(): Answer {
    const offered: ItemRef[] = [{ kind: 'standards' }, { kind: 'phase' }, { kind: 'section', id: 'submission' }];
    return { kind: 'clarify', item: { kind: 'none' }, confidence: 0, related: offered, show: { what: 'ask-what' } };
  }

  /** Writing material is not answering from the notice. */
  private cannotWrite(): Answer {
    return { kind: 'none', item: { kind: 'none' }, confidence: 0, related: [], show: { what: 'cannot-write' } };
  }

  private none(confidence = 0): Answer {
    return { kind: 'none', item: { kind: 'none' }, confidence, related: [], show: { what: 'not-covered' } };
  }

  /** Retrieval's refusal, remembered with its reason for the arbiter (see LearnedUse.arbiter). */
  private refused(why: RefusalPath | ScopeRefusal, confidence: number): Answer {
    const a = this.none(confidence);
    this.refusals.set(a, why);
    return a;
  }
}

/**
 * A scope check's kind: 'aside' when the message goes on, after its last concept the notice never
 * covers, to words the notice uses (有个党员长期不交党费 还不来开会 这算不合格党员吗: that concept is told
 * beside what is asked), else 'scope'.
 */
function scopeRefusal(words: readonly QueryWord[]): ScopeRefusal {
  const last = words.findLastIndex((w) => isOutOfScope(w.token));
  const aside = last >= 0 && words.slice(last + 1).some((w) => w.known && !NOTICE_WORDS.has(w.token) && !INTENT_WORDS.has(w.token) && !FRAME_WORDS.has(w.token));
  return aside ? 'aside' : 'scope';
}

/** How much of the whole message the item of a clause's hit covers (0 when it is not among `hits`). */
function wholeCoverage(clauseHit: Hit, hits: readonly Hit[]): number {
  return hits.find((h) => h.item.key === clauseHit.item.key)?.coverage ?? 0;
}

/** Whether the words include a known one that says what about (not 标准, not 什么时候). */
function hasTopic(words: readonly QueryWord[]): boolean {
  return words.some((w) => w.known && !NOTICE_WORDS.has(w.token) && !INTENT_WORDS.has(w.token));
}

/** A chat question is short; a pasted document is cut so that one message cannot cost much. */
function cut(question: string): string {
  const trimmed = plainText(question);
  return trimmed.length <= MAX_QUESTION_CHARS ? trimmed : [...trimmed].slice(0, MAX_QUESTION_CHARS).join('');
}

/** This notice's issue date offered for checking (这个通知是2020年发的吧, 本文件是2018年印发的对吗). */
function ownDateChecked(q: string): boolean {
  return checkingIn(q) !== undefined && /(?:这个|这份|这一?|本|此|咱们?这个?)(?:通知|文件|文)[^，,。？?]{0,6}?(?:发|印发|下发|发布|出)的/u.test(compact(q));
}

/** The text with each span removed once. */
function without(text: string, spans: readonly string[]): string {
  let rest = text;
  for (const span of spans) if (span) rest = rest.replace(span, ' ');
  return rest;
}
