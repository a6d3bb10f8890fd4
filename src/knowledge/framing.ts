// How a message is framed, apart from what it asks about: greetings and thanks around it, words
// that ask "which criterion" or "does the notice say", several questions in one message, and the
// clauses of a long one.
import { NUMERAL_CHARS, parseNumeral } from './numerals.js';

const GREETING_HEAD =
  /^(?:(?:你好|您好|大家好|各位好|各位老师好|老师好|领导好|hi|hello|嗨|哈喽|哈啰|在吗|在不在|早上好|早安|上午好|中午好|下午好|晚上好|晚安|谢谢(?:你|您|啦|了)?|谢(?:了|啦|喽)|多谢|感谢|辛苦(?:了|啦)?|好的|好滴|好嘞|收到(?:了|啦)?|明白(?:了|啦)?|知道(?:了|啦)|懂(?:了|啦)|了解(?:了|啦)|晓得(?:了|啦)?|清楚(?:了|啦)|(?:xie)+谢谢?|ok|okay|拜拜|再见|党建助手|助手|嗯+|哦+|噢+|好吧|行吧|是的|没问题|(?:好|行|对)(?=$|[\s,，。.!！~～、…]))[\s,，。.!！~～、…啊呀哈呢嗯]*)+/iu;
const THANKS = /谢|感谢|辛苦|收到|明白|知道了|懂了|了解|晓得|清楚|好的|好滴|好嘞|ok|拜拜|再见|晚安|嗯|哦|噢|好吧|行|^好|^对|是的|没问题/iu;
/** Who a greeting or thanks is addressed to (谢谢老师, 辛苦各位), and closing particles. */
const LEFTOVER = /^[\s,，。.!！?？~～、…啊呀哈呢嗯哦噢]*(?:(?:[\u4e00-\u9fff]?(?:老师|同志|书记|主任|部长)|领导|各位|大家|你|您|小助手|助手|打扰了|打扰啦)[\s,，。.!！~～、…啊呀哈呢嗯哦噢]*)*$/u;
/** Words that make a clause a question rather than a statement. */
const QUESTION_MARK = /[?？吗呢啥么怎哪谁几多]|要不要|能不能|可不可以|是不是|有没有|是否|如何|咨询|请问|想问/u;
/** A self-introduction with no question in it (我是新来的组织委员). */
const INTRODUCTION = /^我(?:是|叫|们是)[^?？]{1,20}$/u;
/** A report of what the sender's side does or did (我们下周去走基层, 已转发): after 收到/好的, nothing asked. */
const OWN_DOING = /我们|咱们|俺们|我|咱|俺|大家|已经|已/u;
/** Acknowledgements proper: not the fillers that open a voice message (嗯就是我们支部…会不会有问题). */
const ACKNOWLEDGING = /收到|好的|好滴|好嘞|明白|知道|懂|了解|晓得|清楚|谢|辛苦|ok|没问题/iu;
const ACKNOWLEDGING_ALL = new RegExp(ACKNOWLEDGING.source, 'giu');
/** Question forms that asksSomething leaves to retrieval (…会不会有影响, 要写进章程对吧, 文件咋说的). */
const ASKS_ALL_THE_SAME = /吧|会不会|算不算|行不行|中不中|咋|怎|对不对|不[?？]*$/u;

/** True when a clause asks something (a question word or mark), false for a statement (我们支部刚成立). */
export function asksSomething(clause: string): boolean {
  return QUESTION_MARK.test(clause);
}

/** A greeting or thanks at the start of a message and what follows it ('' when that is all). */
export function greetingIn(text: string): { rest: string; thanks: boolean } | undefined {
  const m = GREETING_HEAD.exec(text.normalize('NFKC').trim());
  if (!m) return undefined;
  const rest = text.normalize('NFKC').trim().slice(m[0].length).replace(/[。.!！~～]+$/u, '');
  const compactRest = rest.replace(/\s+/gu, '');
  const thanks = THANKS.test(m[0]);
  // 收到，我们11月15日前把总结交到617室: an acknowledgement telling what will be done asks nothing.
  // …and so does one acknowledged twice over (好的，明白了 11月15号前交纸质版; OK 收到通知), whatever it repeats.
  const twice = (m[0].match(ACKNOWLEDGING_ALL) ?? []).length >= 2;
  const acknowledged = ACKNOWLEDGING.test(m[0]) && (twice || OWN_DOING.test(compactRest)) && !asksSomething(compactRest) && !ASKS_ALL_THE_SAME.test(compactRest);
  const done = LEFTOVER.test(rest) || acknowledged || (INTRODUCTION.test(compactRest) && !asksSomething(compactRest));
  return { rest: done ? '' : rest.trim(), thanks };
}

/** Words turning to another question (党费的事我先问到这儿。还有一个：…, …办完了。另外请教：…). */
const TURNING = /(?:另外|此外)(?:再)?(?:请教|问|想问|咨询)?(?:一下|下|一个|个)?(?:问题|事)?[：:，,]|还有(?:一个|个|件)(?:问题|事)?[：:，,]|顺便(?:再)?(?:问|请教|咨询)(?:一下|下|个事)?[：:，,]?|再(?:请教|问)(?:一下|下|个事)[：:，,]/gu;

/**
 * What a message asks after it turns from one matter to another, or undefined: the part after the
 * last turning words, when it asks something and something came before.
 */
export function afterTurning(text: string): string | undefined {
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(TURNING)) last = m;
  if (!last || last.index < 4) return undefined;
  const rest = text.slice(last.index + last[0].length).trim();
  return [...rest].length >= 6 && asksSomething(rest) ? rest : undefined;
}

/** A message that only announces a question (请问, 帮我看看, 想咨询一下): nothing asked yet. */
const BARE_REQUEST =
  /^(?:(?:那个|就是|嗯|呃|额|老师|您好|你好)[\s,，、]*)*(?:(?:我)?(?:想|要)?(?:请问|问(?:一?下|一句|个事|个问题)|打扰(?:一?下)?|麻烦(?:您|你)?(?:一?下)?|请教(?:一?下)?|咨询(?:一?下|个事)?|帮(?:我|忙)?(?:看看|看一?下|瞅瞅)|有(?:个|几个)?(?:问题|事)(?:想问|请教|咨询)?)[\s,，、]*)+[?？。.!！~～…]*$/u;

/** …or says nothing at all (a mention alone, ？？？): there is nothing to answer yet. */
const NOTHING = /^[^\p{L}\p{N}]*$/u;

export function isBareRequest(text: string): boolean {
  const plain = text.normalize('NFKC').trim();
  return NOTHING.test(plain) || BARE_REQUEST.test(plain);
}

const WRITING = /(?:帮我|帮忙|替我|给我|请你|能不能|可以)?(?:写|起草|拟|代写|生成|撰写|编)(?:一|个|一下)?(?:篇|份|个|段|封)|代写|帮我写|帮写/u;

/** A request to write something (帮我写一篇总结报告): the bot quotes the notice, it writes nothing. */
export function isWritingRequest(text: string): boolean {
  return WRITING.test(text.replace(/\s+/gu, ''));
}

const FRAMED =
  /标准|条款|条文|哪一?条(?![街路道线河巷胡])|第几条|几条(?![街路道线河巷胡])|通知|文件|附件|六好|说法|提到|提及|涉及|规定|要求|对应|属于|算(?:是)?.{0,4}(?:哪|第|什么)|符合|达标|有没有(?:说|写|提)|怎么说|上面说/u;

/** True when a message asks what the notice says (标准里有说法没, 算六好哪一条, 条款里怎么要求). */
export function isFramed(text: string): boolean {
  return FRAMED.test(text.replace(/\s+/gu, ''));
}

// 条 also counts streets, roads and lines (哪条街, 哪条路): those are not criteria.
const WHICH = /哪一?条(?![街路道线河巷胡])|第几条|哪项|哪一项|哪个条款|哪条标准|对应.{0,2}(?:哪|第几)/u;

/** The words asking which criterion something is (对应第几条, 算哪一条), if any. */
export function whichCriterionIn(text: string): string | undefined {
  return WHICH.exec(text.replace(/\s+/gu, ''))?.[0];
}

const WHICH_REQUIREMENT = /(?:哪一?条|哪一?项|哪个|第几条|什么)(?:工作)?要求(?!的)/u;

/** True when "which one" asks for one of the notice's work requirements (这是哪条要求), not a criterion. */
export function whichRequirementIn(text: string): boolean {
  return WHICH_REQUIREMENT.test(text.replace(/\s+/gu, ''));
}

const CLAUSE_BREAK = /[，,。.！!？?；;、\s]+|还有|另外|以及|然后/u;
const MIN_CLAUSE_CHARS = 2;

/** The clauses of a long message (two or more, each at least two characters), or [] for a short one. */
export function clausesOf(text: string): string[] {
  if ([...text].length < 10) return [];
  const parts = text.split(CLAUSE_BREAK).map((p) => p.trim()).filter((p) => [...p].length >= MIN_CLAUSE_CHARS);
  return parts.length > 1 ? parts : [];
}

const QUESTION_BREAK = /[？?；;。!！]+|[，,\s]*(?:还有|另外|再问一下|再问下|顺便问一?下)[，,\s]*/u;
const N = `[${NUMERAL_CHARS}]+`;
const TWO_NUMBERS = new RegExp(`第?(${N})条?(?:和|跟|与|、|及|以及)第?(${N})条`, 'u');

/** The separate questions of one message, in order (one element when it asks one thing). */
export function questionsOf(text: string): string[] {
  const compactText = text.replace(/\s+/gu, '');
  const range = NUMBER_RANGE.exec(compactText);
  if (range) {
    const [from, to] = [parseNumeral(range[1] ?? ''), parseNumeral(range[2] ?? '')];
    if (from !== undefined && to !== undefined && to > from && to - from < MAX_RANGE) {
      return Array.from({ length: to - from + 1 }, (_, i) => `第${from + i}条`);
    }
  }
  const two = TWO_NUMBERS.exec(compactText);
  if (two) return [`第${two[1]}条`, `第${two[2]}条`];
  // 换届和民主集中制各是哪条, 走基层和科技扶贫那条有啥区别: two things, each asked on its own.
  const pair = PAIR.exec(compactText);
  if (pair?.[1] && pair[2]) return [pair[1], pair[2]];
  const parts = text.split(QUESTION_BREAK).map((p) => p.trim()).filter((p) => [...p].length >= MIN_CLAUSE_CHARS);
  if (parts.length > 1) return parts;
  // Commas, spaces and 呢/吗 part questions only when every part asks something (联系人是谁，总结交到哪).
  const weak = text.split(WEAK_BREAK).map((p) => p.trim()).filter((p) => [...p].length >= MIN_CLAUSE_CHARS);
  return weak.length > 1 && weak.every(asksSomething) ? weak : [text];
}

/** Two things joined by 和/跟 and asked about each (分别是啥, 各是哪条) or compared (有啥区别). */
const PAIR =
  /^(?:请问)?([\u4e00-\u9fff0-9]{2,14}?)(?:和|跟|与|同)([\u4e00-\u9fff0-9]{2,14}?)(?:这两条|两条|这两个|两个|俩|之间|二者|两者)?(?:(?:分别|各自|各)(?:都)?(?:是|讲|说|指|写)?(?:了|的)?(?:啥|什么|哪条|哪一条|第几条|哪个|什么意思|啥意思|什么内容|啥内容|讲的啥|说的啥|说了啥|讲了啥)|(?:有|是)?(?:啥|什么|哪些)?(?:区别|不同|差别|差异|不一样))(?:呢|啊|呀|吗)?[?？。.!！]*$/u;
const WEAK_BREAK = /[，,、\s]+|(?<=[呢吗])(?=[^，,。.!！?？\s]{2})/u;
const NUMBER_RANGE = new RegExp(`第?(${N})条?(?:到|至|-|—|~|～)第?(${N})条`, 'u');
/** A range of criteria (第1条到第3条) is answered item by item up to this many. */
const MAX_RANGE = 5;

// 开展/搞 before it still names the campaign (开展这项工作的依据).
const CAMPAIGN = /(?:开展|搞|进行)?(?:这次|这个|本次|此次|这项|这一|咱们这个|咱这个)(?:活动|工作)|(?:开展|搞|进行)?双强六好(?:活动|工作)?/u;
const CAMPAIGN_ALL = new RegExp(CAMPAIGN.source, 'gu');
/** The notice itself, pointed at (这个通知): what it is about is the campaign's too. */
const THIS_NOTICE = /(?:这个|这份|这一?|本|此)(?:通知|文件)/u;
const PURPOSE =
  /是(?:个|一个)?(?:什么|啥)(?:样的)?活动|(?:干|做|搞)(?:啥|嘛|什么)的|为什么|为啥|为何|目的|意义|背景|初衷|主要(?:讲|说|写)?(?:了|的)?(?:是)?(?:个|些)?(?:啥|什么)|(?:讲|说)(?:了|的)(?:个|些)?(?:啥|什么)|面向(?:谁|哪些|哪|什么)|(?:哪些|什么|哪类)单位|针对(?:谁|哪些)|对象是(?:谁|哪些)/u;

/** The message with the campaign named as a whole (这次活动, 双强六好) taken out: it says no more than "the notice". */
export function withoutCampaign(text: string): string {
  return text.replace(CAMPAIGN_ALL, ' ');
}

/** The campaign's name asked what it is (双强六好是啥, 双强六好什么意思), nothing else. */
const CAMPAIGN_DEFINED = /^(?:这个|那个|请问|啥叫|什么叫|什么是|啥是)?双强六好(?:到底|究竟)?(?:是|指|指的是|说的是)?(?:啥|什么|什么意思|啥意思|咋回事|怎么回事)?(?:呢|啊|呀)?[?？。.!！]*$/u;

/**
 * True when a message asks what the campaign's name means: the name joins its goal (双强) and its
 * standards (六好), so both are the answer.
 */
export function asksCampaignName(text: string): boolean {
  return CAMPAIGN_DEFINED.test(text.replace(/\s+/gu, ''));
}

/** What a message asking what the campaign is or why it is held says so with (这个双强六好是干啥的), if it does. */
export function campaignPurposeIn(text: string): string[] | undefined {
  const s = text.replace(/\s+/gu, '');
  const named = CAMPAIGN.exec(s) ?? THIS_NOTICE.exec(s);
  const purpose = PURPOSE.exec(s);
  return named && purpose ? [named[0], purpose[0]] : undefined;
}

const NEGATED = /(?:不是|而不是|并非|不要|别给我)(?:说|讲|问)?(?:那个|那条)?([^，,。.！!？?\s]{2,12}?)(?:的)?(?:那一?条|这一?条|那项|那个条款)(?=$|[，,。.！!？?\s]|是|呢)/u;

/** "Not the one about X" (不是党内监督那条): the span to drop and the phrase X, if any. */
export function negatedIn(text: string): { span: string; phrase: string } | undefined {
  const m = NEGATED.exec(text.normalize('NFKC'));
  return m?.[1] ? { span: m[0], phrase: m[1] } : undefined;
}
