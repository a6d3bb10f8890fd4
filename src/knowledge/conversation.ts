// A short conversation: follow-ups that lean on the last answer given to this sender in this group
// (那第二条呢, 还有呢, 具体怎么做, 这两条有啥区别, 举个例子, 上一个阶段呢), and the answers to a message
// that asks several things (the bot words them as one reply, src/bot/answer-text.ts). The memory is
// a small serialisable record; the caller keeps it (in the store, so that every instance sees the
// same one) for a few minutes.
import { aroundStandardOf, criterionInStandardIn, criterionNumberIn } from './intent.js';
import { refKey } from './items.js';
import { NUMERAL_CHARS, parseNumeral } from './numerals.js';
import { onlyEmoji } from './plain.js';
import type { Answer, AnswerNote, ItemRef, Knowledge } from './types.js';

/** What a follow-up may refer to: the items of the last answer, in order, and its related items. */
export interface ConversationMemory {
  items: ItemRef[];
  related: ItemRef[];
  /** The items of the last reply alone, when it gave several (第二个再说说). */
  lastTurn?: ItemRef[];
  /**
   * The standard whose criteria the conversation walks (团结凝聚群众好第一条, then 那第二条呢 is its
   * second and 还有呢 its next): set by a standard answered, or a criterion reached by its place in one.
   */
  within?: number;
  /** The last criterion was asked for by its number (第16条): an ordinal after it is a number too. */
  numbered?: boolean;
}

export interface Turn {
  answers: Answer[];
  /** What the next message may refer to (undefined: keep nothing). */
  memory: ConversationMemory | undefined;
}

/** How long a follow-up may refer to the last answer. */
export const MEMORY_TTL_SECONDS = 300;

/** How many answered items a follow-up may refer back to. */
const MEMORY_ITEMS = 4;

const N = `[${NUMERAL_CHARS}]+`;
/** What may follow an ordinal or a step without asking anything else (第二条具体说了啥, 上一条再发一下). */
const TAIL = `(?:呢|吧|吗|的|是|具体|详细|展开|介绍|聊|说|讲|了|啥|什么|内容|包括|指|做|干|要求|规定|写|要|该|怎么|再|发|一下|一遍|看看|是啥|分别|都)*`;
/** Words placing an ordinal or a step inside the last answer (里面第一条, 标准里下一条). */
const INSIDE = `(?:(?:这|那)?(?:里面|里边|里头|其中|当中|下面)|(?:这个|那个)?(?:标准|通知|一级标准)(?:里|里面|中|的)|(?:它|这条|那条|这一条|这个|那个)的)?的?`;
const ORDINAL = new RegExp(`^(?:那|那么|那个)?${INSIDE}(?:(倒数)?第(${N})|(最后|头|首|末))一?(?:条|个|项|步|点|好)${TAIL}[?？。.!！]*$`, 'u');
const MORE = /^(?:那)?(?:还有呢|还有吗|还有别的吗|还有别的没|还有没有|还有没|还有其他的?吗?|其他的?呢|别的呢|然后呢|接着呢|接着(?:说|讲)|继续(?:说|讲)?|再(?:说|来)(?:一)?(?:条|个)|就这些吗|没了吗)[?？。.!！]*$/u;
const DETAIL = /^(?:那)?(?:具体(?:要|该|应该)?(?:怎么|咋)(?:做|办|弄|搞|落实|操作)|具体呢|详细(?:说说|讲讲|点)|展开(?:说说|讲讲)|怎么落实|咋落实|能具体点吗?|说具体点)[?？。.!！呢吗吧呗啊呀]*$/u;
const EXAMPLE = /^(?:那)?(?:举个?例子?|举(?:几|一|些|点)个?例子|举例(?:说明)?|比如呢|比如说呢?|比如|例如呢|比方(?:说)?|打个比方|有例子吗|有没有例子)[?？。.!！呢吗吧呗啊呀]*$/u;
const DIFFERENCE = /^(?:那)?(?:这|那|它)?(?:两条|两个|俩|二者|两者|它们)(?:之间)?(?:有|有什么|有啥|啥|什么|有何)?(?:区别|不同|差别|差异|不一样)[?？。.!！呢吗]*$/u;
/** One step from the last item: 下一条, 再下一条呢, 上一个阶段, 再上一个, 前一条再发一下. */
const STEP = new RegExp(`^(?:那)?${INSIDE}(再)?(?:往)?(上|前|下|后)(?:一)?(?:个|条|项)?(?:阶段)?${TAIL}[?？。.!！]*$`, 'u');
/** A step at the head of a longer question (下个阶段几号开始, 它的上一条是哪个好的): resolved, then asked. */
const STEP_HEAD = new RegExp(`^(?:那)?${INSIDE}(?:再)?(?:往)?(上|前|下|后)(?:一)?(?:个)?(?:条|项|阶段)(?:的)?`, 'u');
/** Where a message of several ordinals parts (第二条和第三条呢). */
const ORDINALS_APART = /和|跟|与|及|以及|还有|、|,|，|;|；/u;
/** After something (动员会开完以后呢, 这之后呢): what follows it; before it (之前呢): what precedes it. */
const AFTER = /^(?:那|那么)?(.{0,10}?)(?:开完|做完|搞完|结束|完成|完)?(?:了)?(以后|之后|后面|过后|接下来|然后|之前|以前|前面)(?:呢|干啥|干嘛|做什么|做啥|要做什么|干什么|是什么|是啥)?[?？。.!！]*$/u;
/** Words around "which standard" that only point at the last item (这 | 属于哪个好 | 里的). */
const POINTER_BEFORE = /^(?:那|那么)?(?:这|那|它|这个|那个|这条|那条|这一条|该条|本条|上面那条|刚才那条|刚才那个|刚才说的)?(?:又|到底|究竟|应该)?$/u;
/** …and at the items of the last reply with several (这两条, 它们都). */
const POINTERS_BEFORE = /^(?:那|那么)?(?:这|那)?(?:两条|两个|俩|几条|几个|它们|它俩)(?:都|分别|各自?|又)?$/u;
const POINTER_AFTER = /^(?:里|里面|里边|里头|中|当中|下面|下|管)?(?:的)?(?:呢|啊|呀|吗)?[?？。.!！]*$/u;
/** A message that is only a demonstrative (那个, 这个呢): what it points at is unclear. */
const POINTER_ONLY = /^(?:嗯|呃|额|就是)?(?:那个|这个|那|这)+(?:呢|啊|吧)?[?？。.!！…]*$/u;
/** A reference to the last item itself (这, 这个阶段, 它). */
const SELF = /^(?:这|那|这个|那个|这个阶段|这一阶段|这条|这一步|它)?$/u;
/** Words pointing back at the last item (这个阶段几号结束, 这条和第16条有啥区别). */
const THIS_PHASE = /这个阶段|这一阶段|这阶段|该阶段|本阶段/u;
const THIS_CRITERION = /这一条|这条|该条|本条|上面那条|刚才那条|^它/u;
/** A message that asks only how often, when or who (多久一次, 什么时候): about the last item. */
const ONLY_INTENT = /^(?:那|那么)?(?:是)?(?:多久一次|多久|多长时间一次|一年几次|几次|什么时候|啥时候|何时|几号|哪天|哪一天|几月几[号日]|截止到什么时候|找谁|问谁|谁负责|谁来做|怎么做|怎么办|咋办)(?:发|印发|下发|出|定|开|交|报)?(?:的)?(?:呢|啊|呀)?[?？。.!！]*$/u;
/** A comparison with the last item left unsaid (跟党内监督那条有啥区别). */
const COMPARED_WITH = /^(?:那|那么)?(?:跟|和|与|同).{2,14}?(?:有啥|有什么|啥|什么)?(?:区别|不同|差别|不一样)[?？。.!！呢吗]*$/u;
/** How many (一共几条) after a standard or a list: the same item, which gives its count and members. */
const HOW_MANY = /^(?:那)?(?:一共|总共|共)?(?:有)?(?:几条|几个|几项|多少条)(?:呢|啊)?[?？。.!！]*$/u;
/** The three work requirements, in the notice's order (what 第二条 means after 工作要求). */
const REQUIREMENT_IDS = ['requirement-lead', 'requirement-effect', 'requirement-publicity'] as const;

function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** The follow-up a message is, if it is one and the memory gives it something to refer to. */
function followUp(k: Knowledge, text: string, memory: ConversationMemory, now: Date): Answer[] | undefined {
  const s = compact(text);
  const last = memory.items[memory.items.length - 1];
  if (!last) return undefined;

  // Several ordinals (第二条和第三条呢): each read as its own follow-up.
  const apart = s.split(ORDINALS_APART).filter(Boolean);
  if (apart.length > 1 && apart.every((p) => ORDINAL.test(p))) {
    const each = apart.map((p) => followUp(k, p, memory, now));
    if (each.every((a) => a?.length === 1)) return each.flatMap((a) => a ?? []);
  }
  const ord = ORDINAL.exec(s);
  if (ord) {
    // -1 is the last (最后一条), -2 the one before it (倒数第二条).
    const counted = parseNumeral(ord[2] ?? '');
    const n = ord[3] === '最后' || ord[3] === '末' ? -1 : ord[3] ? 1 : counted !== undefined && ord[1] ? -counted : counted;
    // After a reply with several items, 第二个 is its second one; 最后一个 after phases 1 and 2 is
    // the last phase, when the reply's items are all members of one list.
    const turn = memory.lastTurn ?? [];
    const turnList = listOfTurn(k, turn);
    const inTurn = turn.length > 1 && n !== undefined && !(n < 0 && turnList) ? turn[n < 0 ? turn.length - 1 : n - 1] : undefined;
    if (inTurn && !/条/u.test(s)) return [answerFor(k, inTurn, now)];
    // After a criterion found by its topic, an ordinal counts in its standard (第20条, then 那第一条呢
    // is 第18条, as members read it); after a criterion asked for by its number, it is a number too.
    const own = last.kind === 'criterion' && memory.numbered !== true ? { kind: 'criteria' as const, of: k.standardOf(last.number).criteria } : undefined;
    const inList = nthOf(k, (n !== undefined && n < 0 && turn.length > 1 ? turnList : undefined) ?? listOf(k, memory, last) ?? own, n);
    if (inList) return [answerFor(k, inList, now)];
  }
  if (HOW_MANY.test(s) || ONLY_INTENT.test(s)) return [answerFor(k, last, now)];
  // 下个阶段干啥 after a criterion: the phases are stepped from today (answerAll), not the criterion.
  const phaseStepped = /阶段/u.test(s) && last.kind !== 'phase';
  const step = phaseStepped ? null : STEP.exec(s);
  if (step) {
    const delta = step[2] === '上' || step[2] === '前' ? -1 : 1;
    const first = stepFrom(k, last, delta, now);
    // 再下一个 after stepping back (第二阶段, 上一个阶段呢, 再下一个呢): past the item shown before, not it again.
    const landed = first?.[0];
    const before = memory.items[memory.items.length - 2];
    if (step[1] && landed && !landed.note && before && refKey(landed.item) === refKey(before)) return stepFrom(k, landed.item, delta, now) ?? first;
    return first;
  }
  // 那下个阶段几号开始: the step's item named in its place, and the rest asked of it.
  const head = phaseStepped ? null : STEP_HEAD.exec(s);
  if (head && head[0].length < s.length) {
    const target = stepFrom(k, last, head[1] === '上' || head[1] === '前' ? -1 : 1, now)?.[0];
    const name = target && !target.note ? nameOf(k, target.item) : undefined;
    if (name) return k.answerAll(`${name}${s.slice(head[0].length)}`, now);
  }
  // 动员会开完以后呢: a step when what it comes after is the last item (or only points at it).
  const after = AFTER.exec(s);
  if (after) {
    const what = after[1] ?? '';
    const named = SELF.test(what) || refKey(k.answer(what, now).item) === refKey(last);
    const steps = named ? stepFrom(k, last, /前/u.test(after[2] ?? '') ? -1 : 1, now) : undefined;
    if (steps) return steps;
  }
  // 这属于哪个好, 是哪个好里的: the standard the last criterion is in.
  const around = aroundStandardOf(s);
  if (around && last.kind === 'criterion' && POINTER_BEFORE.test(around.before) && POINTER_AFTER.test(around.after)) {
    return [answerFor(k, { kind: 'standard', index: k.standardOf(last.number).index }, now)];
  }
  // 这两条属于哪个好 after a reply with several criteria: the standards they are in, each once.
  const turn = memory.lastTurn ?? [];
  if (around && turn.length > 1 && POINTERS_BEFORE.test(around.before) && POINTER_AFTER.test(around.after) && turn.every((r) => r.kind === 'criterion')) {
    const standards = [...new Set(turn.map((r) => (r.kind === 'criterion' ? k.standardOf(r.number).index : 0)))];
    return standards.map((index) => answerFor(k, { kind: 'standard', index }, now));
  }
  if (DIFFERENCE.test(s)) {
    const two = memory.items.length >= 2 ? memory.items.slice(-2) : [last, ...memory.related.slice(0, 1)];
    // In the order they were discussed (第3条, then 第1条: 3 and 1), as members compare them.
    if (two.length === 2) return two.map((r) => answerFor(k, r, now));
  }
  // A demonstrative names the last item: read the message with the item in its place.
  if (last.kind === 'phase' && last.index !== undefined && THIS_PHASE.test(s)) return k.answerAll(s.replace(THIS_PHASE, `第${last.index}阶段`), now);
  if (last.kind === 'criterion' && THIS_CRITERION.test(s)) return k.answerAll(s.replace(THIS_CRITERION, `第${last.number}条`), now);
  // 跟党内监督那条有啥区别: the last criterion compared with another.
  if (last.kind === 'criterion' && COMPARED_WITH.test(s)) return k.answerAll(`第${last.number}条${s.replace(/^(?:那|那么)/u, '')}`, now);
  const parts = text.normalize('NFKC').split(/[\s,，。.!！?？;；、]+/u).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => DETAIL.test(p) || EXAMPLE.test(p))) return nothingMore(k, last, memory, now);
  if (MORE.test(s)) {
    // After a criterion (团结凝聚群众好第一条, or one found by its topic): the next criterion of its
    // standard; after the standard's last one, a related item.
    const walk = walkedStandard(k, memory, last) ?? (last.kind === 'criterion' ? k.standardOf(last.number) : undefined);
    const next = walk && last.kind === 'criterion' ? walk.criteria[walk.criteria.indexOf(last.number) + 1] : undefined;
    if (next !== undefined) return [answerFor(k, { kind: 'criterion', number: next }, now)];
    const shown = new Set(memory.items.map(refKey));
    const related = memory.related.find((r) => !shown.has(refKey(r)));
    if (related) return [answerFor(k, related, now)];
    return nothingMore(k, last, memory, now);
  }
  if (DETAIL.test(s) || EXAMPLE.test(s)) return nothingMore(k, last, memory, now);
  return undefined;
}

/** The standard whose criteria the conversation walks, when the last item is it or one of its criteria. */
function walkedStandard(k: Knowledge, memory: ConversationMemory, last: ItemRef): { index: number; criteria: readonly number[] } | undefined {
  const index = last.kind === 'standard' ? last.index : memory.within;
  const std = k.standards.find((x) => x.index === index);
  if (!std) return undefined;
  if (last.kind === 'criterion' && !std.criteria.includes(last.number)) return undefined;
  return last.kind === 'standard' || last.kind === 'criterion' ? std : undefined;
}

/** A list an ordinal may index: a standard's criteria, the phases, the six standards, the work requirements. */
type List = { kind: 'criteria'; of: readonly number[] } | { kind: 'phases' } | { kind: 'standards' } | { kind: 'requirements' };

/** The list an ordinal means after the last item (团结凝聚群众好 → its criteria; 第二阶段 → the phases). */
function listOf(k: Knowledge, memory: ConversationMemory, last: ItemRef): List | undefined {
  const walk = walkedStandard(k, memory, last);
  if (walk) return { kind: 'criteria', of: walk.criteria };
  if (last.kind === 'phase') return { kind: 'phases' };
  if (last.kind === 'standards') return { kind: 'standards' };
  if (last.kind === 'section' && (last.id === 'requirements' || last.id.startsWith('requirement-'))) return { kind: 'requirements' };
  return undefined;
}

/** The one list every item of a reply with several belongs to (phases 1 and 2 → the phases), if any. */
function listOfTurn(k: Knowledge, turn: readonly ItemRef[]): List | undefined {
  if (turn.length < 2) return undefined;
  if (turn.every((r) => r.kind === 'phase' && r.index !== undefined)) return { kind: 'phases' };
  if (turn.every((r) => r.kind === 'section' && r.id.startsWith('requirement-'))) return { kind: 'requirements' };
  if (turn.every((r) => r.kind === 'standard')) return { kind: 'standards' };
  const first = turn[0];
  if (first?.kind === 'criterion') {
    const std = k.standardOf(first.number);
    if (turn.every((r) => r.kind === 'criterion' && std.criteria.includes(r.number))) return { kind: 'criteria', of: std.criteria };
  }
  return undefined;
}

/** The item at an ordinal place of a list (-1: the last, 最后一条; -2: 倒数第二条). */
function nthOf(k: Knowledge, list: List | undefined, at: number | undefined): ItemRef | undefined {
  if (!list || at === undefined || at === 0) return undefined;
  const count = list.kind === 'criteria' ? list.of.length : list.kind === 'phases' ? k.calendar.phases.length : list.kind === 'standards' ? k.standards.length : REQUIREMENT_IDS.length;
  const n = at < 0 ? count + at + 1 : at;
  if (n < 1 || n > count) return undefined;
  switch (list.kind) {
    case 'criteria': {
      const number = list.of[n - 1];
      return number === undefined ? undefined : { kind: 'criterion', number };
    }
    case 'phases':
      return { kind: 'phase', index: n };
    case 'standards':
      return { kind: 'standard', index: n };
    case 'requirements': {
      const id = REQUIREMENT_IDS[n - 1];
      return id ? { kind: 'section', id } : undefined;
    }
  }
}

/** The item before or after the last one in its sequence (criteria, standards, phases, requirements). */
function stepFrom(k: Knowledge, last: ItemRef, delta: 1 | -1, now: Date): Answer[] | undefined {
  const edge = (sequence: 'criteria' | 'standards' | 'requirements' | 'phases', count: number, at: number): Answer[] => {
    const note: AnswerNote = { kind: 'edge', sequence, count, at, before: delta < 0 };
    return [{ ...answerFor(k, last, now), note }];
  };
  switch (last.kind) {
    case 'criterion': {
      const n = last.number + delta;
      return k.criterion(n) ? [answerFor(k, { kind: 'criterion', number: n }, now)] : edge('criteria', k.criteria.length, last.number);
    }
    case 'standard': {
      const n = last.index + delta;
      return n >= 1 && n <= k.standards.length ? [answerFor(k, { kind: 'standard', index: n }, now)] : edge('standards', k.standards.length, last.index);
    }
    case 'phase': {
      if (last.index === undefined) return undefined;
      const n = last.index + delta;
      if (n < 1 || n > k.calendar.phases.length) return edge('phases', k.calendar.phases.length, last.index);
      return [k.answer(`第${n}阶段`, now)];
    }
    case 'section': {
      const at = (REQUIREMENT_IDS as readonly string[]).indexOf(last.id);
      if (at < 0) return undefined;
      const id = REQUIREMENT_IDS[at + delta];
      return id ? [answerFor(k, { kind: 'section', id }, now)] : edge('requirements', REQUIREMENT_IDS.length, at + 1);
    }
    default:
      return undefined;
  }
}

/** How a question names an item it asks about (第8条, 第3阶段, 团结凝聚群众好, 加强领导), if it can. */
function nameOf(k: Knowledge, ref: ItemRef): string | undefined {
  if (ref.kind === 'criterion') return `第${ref.number}条`;
  if (ref.kind === 'phase' && ref.index !== undefined) return `第${ref.index}阶段`;
  if (ref.kind === 'standard') return k.standards[ref.index - 1]?.name;
  return ref.kind === 'section' && ref.id.startsWith('requirement-') ? SECTION_QUESTIONS[ref.id] : undefined;
}

/** The answer for an item named by reference (a criterion by number, a phase by index, …). */
function answerFor(k: Knowledge, ref: ItemRef, now: Date): Answer {
  switch (ref.kind) {
    case 'criterion':
      return k.answer(`第${ref.number}条`, now);
    case 'standard':
      return k.answer(`${k.standards[ref.index - 1]?.name ?? ''}`, now);
    case 'phase':
      return k.answer(ref.index === undefined ? '分几个阶段' : `第${ref.index}阶段`, now);
    case 'standards':
      return k.answer('六好', now);
    case 'shuangqiang':
      return k.answer('双强', now);
    default: {
      const a = k.answer(SECTION_QUESTIONS[ref.kind === 'section' ? ref.id : ''] ?? '', now);
      return a;
    }
  }
}

/** A question that leads to each section (the sections have no number to ask by). */
const SECTION_QUESTIONS: Readonly<Record<string, string>> = {
  contact: '联系人是谁',
  submission: '总结交到哪',
  document: '文号是多少',
  intro: '开展目的',
  guiding: '指导思想',
  requirements: '工作要求',
  'requirement-lead': '加强领导',
  'requirement-effect': '注重实效',
  'requirement-publicity': '广泛宣传',
};

/** The notice says no more than the item's text: say so, and point to related items. */
function nothingMore(k: Knowledge, last: ItemRef, memory: ConversationMemory, now: Date): Answer[] {
  const pointers = memory.related.filter((r) => refKey(r) !== refKey(last)).slice(0, 2);
  return [{ ...answerFor(k, last, now), note: { kind: 'nothing-more', pointers } }];
}

/** Parts of a message that only ask for more (还有呢) before the part that says which (标准里下一条讲啥). */
function lastFollowUp(k: Knowledge, text: string, memory: ConversationMemory, now: Date): Answer[] | undefined {
  const parts = text.normalize('NFKC').split(/[\s,，。!！?？;；、]+/u).filter(Boolean);
  if (parts.length < 2 || !parts.slice(0, -1).every((p) => MORE.test(p))) return undefined;
  return followUp(k, parts[parts.length - 1] ?? '', memory, now);
}

/** Answers one message of a conversation, given what the last answer to this sender was. */
export function converse(k: Knowledge, typed: string, now: Date, memory: ConversationMemory | undefined): Turn {
  // A thumbs-up to the last answer acknowledges it (the memory stays, as after 谢谢).
  if (onlyEmoji(typed)) return finish(k.answerAll(typed, now), memory, memory?.within);
  // Follow-ups typed in pinyin (na di er tiao ne) are read as Han text first, as questions are.
  const text = k.readQuestion(typed);
  const f = memory ? (followUp(k, text, memory, now) ?? lastFollowUp(k, text, memory, now)) : undefined;
  if (f) return finish(f, memory, walkAfter(k, f, memory));
  if (POINTER_ONLY.test(compact(text))) return finish([whichOne(text, memory)], memory, memory?.within);
  // A short question that names no topic of its own is about the last item (交到几楼, 要是屡教不改呢).
  const last = memory?.items[memory.items.length - 1];
  const about = last ? k.answerAbout(text, last, now) : undefined;
  if (about) return finish([about], memory, refKey(about.item) === refKey(last ?? { kind: 'none' }) ? memory?.within : undefined);
  const answers = k.answerAll(text, now);
  const [one] = answers;
  const numbered = answers.length === 1 && one?.item.kind === 'criterion' && criterionNumberIn(text)?.number === one.item.number;
  return finish(answers, memory, placedIn(k, text, answers), numbered);
}

/** The standard a follow-up's answer keeps walking: a standard itself, or a criterion of the walked one. */
function walkAfter(k: Knowledge, answers: readonly Answer[], memory: ConversationMemory | undefined): number | undefined {
  const [a] = answers;
  if (!a || answers.length !== 1) return undefined;
  if (a.item.kind === 'standard') return a.item.index;
  const last = memory?.items[memory.items.length - 1];
  const walk = memory && last ? walkedStandard(k, memory, last) : undefined;
  return a.item.kind === 'criterion' && walk?.criteria.includes(a.item.number) ? walk.index : undefined;
}

/** The standard a fresh question placed its answer in (团结凝聚群众好第一条, 第三个好里面第二条, 六好之一). */
function placedIn(k: Knowledge, text: string, answers: readonly Answer[]): number | undefined {
  const [a] = answers;
  if (!a || answers.length !== 1) return undefined;
  if (a.item.kind === 'standard') return a.item.index;
  if (a.item.kind !== 'criterion') return undefined;
  const placed = criterionInStandardIn(text, k.standards);
  return placed?.number === a.item.number ? placed.standard : undefined;
}

/** A bare 那个: asks back which item is meant, offering the recent ones (or the notice's main parts). */
function whichOne(text: string, memory: ConversationMemory | undefined): Answer {
  const recent = [...(memory?.items ?? [])].reverse().slice(0, 3);
  const options: ItemRef[] = recent.length > 0 ? recent : [{ kind: 'standards' }, { kind: 'phase' }, { kind: 'section', id: 'submission' }];
  return { kind: 'clarify', item: { kind: 'none' }, confidence: 0, related: options, show: { what: 'which-one', word: compact(text).replace(/[?？。.!！…]+$/u, '') } };
}

function finish(answers: Answer[], previous: ConversationMemory | undefined, within: number | undefined, numbered = false): Turn {
  const found = answers.filter((a) => a.item.kind !== 'none');
  // The last few items stay referable (这两条有啥区别 after two questions); related items are the latest answer's.
  const memory: ConversationMemory | undefined =
    found.length > 0
      ? {
          items: [...(previous?.items ?? []), ...found.map((a) => a.item)].slice(-MEMORY_ITEMS),
          related: found.flatMap((a) => a.related),
          ...(found.length > 1 ? { lastTurn: found.map((a) => a.item) } : {}),
          ...(within !== undefined ? { within } : {}),
          ...(numbered ? { numbered } : {}),
        }
      : // A greeting, a clarifying question or a refusal adds no item: the last ones stay referable
        // (走基层多久一次 → 党费交多少 → 那下一条呢 still means the criterion after 第7条's).
        previous;
  return { answers, memory };
}
