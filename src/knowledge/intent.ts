// Direct look-ups recognised before free search: criterion numbers (第7条 / 第七条 / 标准7 /
// 二级标准第十二条 / a bare 7), standard numbers and names (团结凝聚群众 / 自身建设), 六好, 双强,
// phase names and numbers, and phase questions (阶段 / 现在什么阶段 / 还剩几天).
import { STANDARD_ALIASES } from './items.js';
import { NUMERAL_CHARS, parseNumeral } from './numerals.js';
import type { Standard } from './types.js';

const N = `[${NUMERAL_CHARS}]+`;

export interface Span {
  /** The text that triggered the intent (removed before looking at what else was asked). */
  span: string;
}

/** Text normalised for pattern matching: NFKC, no spaces, no trailing punctuation. */
export function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

function num(raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : parseNumeral(raw);
}

const STANDARD_NUMBER: readonly RegExp[] = [
  new RegExp(`一级标准(?:的|里的|中的)?第?(${N})(?:个|条|项)?`, 'u'),
  new RegExp(`第(${N})(?:个|项)一级标准`, 'u'),
  new RegExp(`第(${N})(?:个)?好`, 'u'),
  // 六好第三个是啥: the third of the six (六好第三条 is a criterion).
  new RegExp(`六好(?:标准)?(?:里|中|当中|里面|里头|之中)?(?:的)?第(${N})(?:个|项)`, 'u'),
  /(最后|末)一?(?:个)?(?:好|一级标准)/u,
];

/** The standard a text names by number: 一级标准第二个, 第2个一级标准, 第二好. */
export function standardNumberIn(text: string): ({ index: number } & Span) | undefined {
  return standardNumberInCompact(compact(text));
}

function standardNumberInCompact(s: string): ({ index: number } & Span) | undefined {
  for (const re of STANDARD_NUMBER) {
    const m = re.exec(s);
    const n = m?.[1] === '最后' || m?.[1] === '末' ? LAST_STANDARD : num(m?.[1]);
    if (m && n !== undefined) return { index: n, span: m[0] };
  }
  return undefined;
}

/** 最后一好: the notice has six standards (schema.ts checks it). */
const LAST_STANDARD = 6;

const ORDINAL_AFTER_NAME = new RegExp(
  `^(?:的|里|中|里面|当中|下面|下)?(?:的)?(?:(?:二级)?标准)?(?:的|里|中|里面|当中|下面|下)?(?:的)?(?:(倒数)?第(${N})|(头|首|最后|末))(?:一)?(?:条|个|项|款)`,
  'u',
);

/** An ordinal in words later in a message that named a standard before (digits keep their own meaning). */
const ORDINAL_LATER = /(?:(倒数)?第([一二两三四五六七八九])|(头|首|最后|末))(?:一)?(?:条|项|款)/u;

/**
 * A criterion named by its place inside a standard named or numbered: 推动事业发展好第一条 (the
 * standard's first, 第8条), 服务人才成长好的最后一条, 第三个好里面第二条 (第9条). A number in digits
 * that is itself one of the standard's criteria keeps its own meaning (团结凝聚群众好第5条 is 第5条;
 * 团结凝聚群众好第四条 is its fourth, 第7条).
 * `standard`: the index of the standard it is placed in.
 */
export function criterionInStandardIn(text: string, standards: readonly Standard[]): ({ number: number; standard: number } & Span) | undefined {
  const placed = ordinalAfterStandard(text, standards);
  if (!placed) return undefined;
  const { std, m, span } = placed;
  const standard = std.index;
  if (m[3] === '最后' || m[3] === '末') return { number: std.criteria[std.criteria.length - 1] as number, standard, span };
  const n = m[3] ? 1 : num(m[2]);
  if (n === undefined) return undefined;
  // 倒数第二条: counted from the end.
  if (m[1]) {
    const number = std.criteria[std.criteria.length - n];
    return number === undefined || n < 1 ? undefined : { number, standard, span };
  }
  // Digits as the attachment writes its numbers (团结凝聚群众好第5条) keep their own meaning; an
  // ordinal in words (团结凝聚群众好第四条) counts inside the standard.
  if (std.criteria.includes(n) && n > 1 && /^[0-9０-９]+$/u.test(m[2] ?? '')) return { number: n, standard, span };
  const number = std.criteria[n - 1];
  return number === undefined ? undefined : { number, standard, span };
}

/**
 * A standard asked for an ordinal in words past its last criterion (推动事业发展好有没有第四条,
 * 加强自身建设好第九条): the standard, whose list shows there is none; undefined otherwise.
 */
export function ordinalPastStandardIn(text: string, standards: readonly Standard[]): ({ index: number } & Span) | undefined {
  const placed = ordinalAfterStandard(text, standards);
  if (!placed) return undefined;
  const { std, m, span } = placed;
  const n = !m[1] && !m[3] && !/^[0-9０-９]+$/u.test(m[2] ?? '') ? num(m[2]) : undefined;
  return n !== undefined && n > std.criteria.length ? { index: std.index, span } : undefined;
}

/**
 * The standard a text names or numbers and the ordinal after it: right after the name, or later in
 * the message in words (我负责讲团结凝聚群众好，稿子落在办公室了。第三条是啥来着). `m`: 1 倒数, 2 the
 * numeral, 3 头/首/最后/末.
 */
function ordinalAfterStandard(text: string, standards: readonly Standard[]): { std: Standard; m: RegExpExecArray; span: string } | undefined {
  const s = compact(text);
  const named = standardNameIn(text, standards) ?? standardNumberInCompact(s);
  const std = named ? standards.find((x) => x.index === named.index) : undefined;
  if (!named || !std) return undefined;
  const after = s.slice(s.indexOf(named.span) + named.span.length);
  const m = ORDINAL_AFTER_NAME.exec(after) ?? ORDINAL_LATER.exec(after);
  return m ? { std, m, span: `${named.span}${m[0]}` } : undefined;
}

/** The last criteria of the standards as a whole (六好标准最后一条, 二级标准倒数第二条). */
const LAST_OF_ALL = new RegExp(`(?:六好|六好标准|标准|二级标准|附件)(?:里|里面|里头|中|当中)?的?(?:最后|最末|末|倒数第(${N}))一?(?:条|项)`, 'u');

/** A criterion counted from the end of all 25 (`count`: how many there are). */
export function lastCriterionIn(text: string, count: number): ({ number: number } & Span) | undefined {
  const m = LAST_OF_ALL.exec(compact(text));
  if (!m) return undefined;
  const back = m[1] ? num(m[1]) : 1;
  return back !== undefined && back >= 1 && back <= count ? { number: count + 1 - back, span: m[0] } : undefined;
}

const CRITERION_NUMBER: readonly RegExp[] = [
  new RegExp(`第(${N})(?:条|项|款)`, 'u'),
  new RegExp(`(?:二级)?标准(?:的)?第?(${N})(?:条|项)?(?=$|[是说讲呢啥怎内要的了吗?？。.!！,，~～])`, 'u'),
  new RegExp(`^第?(${N})(?:条|项)`, 'u'),
  new RegExp(`^第?(${N})[?？。.!！~～]*$`, 'u'),
];

/** A number taken back and another said (第三条 不对 第四条, 第9条 说错了 是第10条): the second counts. */
const CORRECTED = new RegExp(`第?(?:${N})(?:条|项)(?:不对|不是|说错了|错了|哦不|不不)+(?:是|应该是)?第?(${N})(?:条|项)?`, 'u');

/** A count of the notice's parts stated to be checked (二级标准一共20条对吧, 总共有六个好), not of people. */
const COUNT_CLAIM = new RegExp(`(一共|总共|总计|合计|共计|共)(有|是)?(?:${N})(条|项|好|个(?=好|标准|一级标准|二级标准|阶段))`, 'gu');

/** The text with a stated count asked as a count (一共20条 → 一共几条): never read as 第20条. */
export function countAsked(text: string): string {
  return text.replace(COUNT_CLAIM, (_, total: string, verb: string | undefined, unit: string) => `${total}${verb ?? ''}几${unit}`);
}

/** Words offering something for checking (…是第9条吧, 我记得是第3条, 对不对). */
const CHECKING = /对吧|对吗|对不对|是吧|是吗|是不是|没错吧|没错吗|没记错|我记得|应该是第|吧[?？。.!！~～]*$/u;

/** The words offering what a text says for checking rather than asking for it, or undefined. */
export function checkingIn(text: string): string | undefined {
  return CHECKING.exec(compact(text))?.[0];
}

/** Two criteria offered as a choice (是第3条还是第22条, 算第4条还是第10条). */
const CHOICE = new RegExp(`第?(${N})(?:条|项)?(?:呢)?(?:还是|或者|或是)(?:说)?第?(${N})(?:条|项)`, 'u');

/** The two criteria a text offers as a choice, in order, or undefined. */
export function criterionChoiceIn(text: string): ({ numbers: [number, number] } & Span) | undefined {
  const m = CHOICE.exec(compact(text));
  const a = num(m?.[1]);
  const b = num(m?.[2]);
  return m && a !== undefined && b !== undefined && a !== b ? { numbers: [a, b], span: m[0] } : undefined;
}

/**
 * The criterion a text names by number, or undefined. Recognises 第7条, 第七条, 第7项, 标准7,
 * 二级标准第十二条, 7条…, a message that is only a number, and a number said again (第三条 不对 第四条).
 */
export function criterionNumberIn(text: string): ({ number: number } & Span) | undefined {
  const s = compact(text);
  if (standardNumberInCompact(s)) return undefined;
  const corrected = CORRECTED.exec(s);
  const again = num(corrected?.[1]);
  if (corrected && again !== undefined) return { number: again, span: corrected[0] };
  for (const re of CRITERION_NUMBER) {
    const m = re.exec(s);
    const n = num(m?.[1]);
    if (m && n !== undefined) return { number: n, span: m[0] };
  }
  return undefined;
}

/** Which standard something is in: 属于哪个好, 是第几个好的, 出自六好里的哪一个, 归哪个一级标准. */
const STANDARD_OF =
  /(?:属于|归|算|是|在|出自|来自)(?:(?:六好|六个标准|一级标准)(?:里|中|当中|里面|里头)?的?(?:哪一?(?:个|项|好)|第几(?:个|项|好))|哪一?(?:个|项)?(?:一级标准|标准|好)|第几(?:个)?(?:一级标准|好))/u;

/** True when a text asks which standard something belongs to (第7条属于哪个一级标准). */
export function asksStandardOf(text: string): boolean {
  return STANDARD_OF.test(compact(text));
}

/** What a text says around its "which standard" words (这 | 属于哪个好 | 里的), or undefined without them. */
export function aroundStandardOf(text: string): { before: string; after: string } | undefined {
  const s = compact(text);
  const m = STANDARD_OF.exec(s);
  return m ? { before: s.slice(0, m.index), after: s.slice(m.index + m[0].length) } : undefined;
}

const PHASE_NUMBER = new RegExp(`第(${N})(?:个)?阶段`, 'u');
const PHASE_NUMBER_AFTER = new RegExp(`阶段(${N})`, 'u');
/** The first or last phase by place (头一个阶段, 最后一个阶段, 最后阶段). */
const PHASE_EDGE = /(最后|最末|末|头|首|最初|最早)(?:一)?(?:个)?阶段/u;

/** Phase by number: 第一阶段 / 第3个阶段 / 阶段二; 最后一个阶段 is index -1 (the caller knows how many). */
export function phaseNumberIn(text: string): ({ index: number } & Span) | undefined {
  const s = compact(text);
  const edge = PHASE_EDGE.exec(s);
  if (edge) return { index: /^(?:最后|最末|末)$/u.test(edge[1] ?? '') ? -1 : 1, span: edge[0] };
  const m = PHASE_NUMBER.exec(s) ?? PHASE_NUMBER_AFTER.exec(s);
  const n = num(m?.[1]);
  return m && n !== undefined ? { index: n, span: m[0] } : undefined;
}

/** A document number (晋办发〔2017〕55号, 晋办发2017 55号): issuer's code, year and serial. */
const DOCUMENT_NUMBER = /([\u4e00-\u9fff]{1,8}发)\s*[〔［\[【(（]?\s*((?:19|20)\d{2})\s*[〕］\]】)）]?\s*第?\s*(\d{1,4})\s*号/u;

/** A document named by its serial alone, as members say it (5号文, 55号文件): issuer and year unsaid. */
const SERIAL_ONLY = /(?<![\d〕\]】)）])(\d{1,4})\s*号\s*(?:文件|文|通知)/u;

/** A document number in full (code and year) or by its serial alone (code and year then empty). */
export function documentNumberIn(text: string): ({ code: string; year: string; serial: string } & Span) | undefined {
  const s = text.normalize('NFKC');
  const m = DOCUMENT_NUMBER.exec(s);
  if (m) return { code: m[1] ?? '', year: m[2] ?? '', serial: m[3] ?? '', span: m[0] };
  const bare = SERIAL_ONLY.exec(s);
  return bare ? { code: '', year: '', serial: bare[1] ?? '', span: bare[0] } : undefined;
}

/** Who issued the notice (谁发的文, 哪个单位印发的, 发文机关): the words asking it. */
export function issuerQuestionIn(text: string): string | undefined {
  return /(?:谁|哪个单位|哪个部门|哪个机关|哪家|什么单位|什么部门|什么机关|哪里)(?:发|印发|下发|出|制定)的(?:文件|文|通知)?|发文(?:单位|机关|部门)/u.exec(compact(text))?.[0];
}

/**
 * A number of three or more digits quoted from the notice (617, 4921836), not a year: the item
 * whose text has it is what is asked about (617在哪个部门: the submission).
 */
export function quotedNumbersIn(text: string): string[] {
  return [...compact(text).matchAll(/(?<!\d)(\d{3,})(?!\d)/gu)].map((m) => m[1] ?? '').filter((n) => !/^(?:19|20)\d{2}$/u.test(n));
}

/**
 * Whether a hand-in is asked to be still in time (再交还来得及吗, 补交行不行, 还能报吗): the notice's
 * one deadline, the submission's. The words asking it.
 */
export function lateSubmissionIn(text: string): string | undefined {
  return /(?:交|报|送|提交|报送|上报)[\u4e00-\u9fff]{0,3}?(?:来得及|来不及|赶得上|赶不上|行不行|晚不晚)|补交|迟交|晚交|逾期|超期|(?:还能|还可以|还来得及)(?:交|报|送)/u.exec(compact(text))?.[0];
}

const PHASE_NAMES: ReadonlyArray<[RegExp, number]> = [
  [/动员部署(?:阶段)?|动员阶段|部署阶段/u, 1],
  [/组织实施(?:阶段)?|实施阶段/u, 2],
  [/总结提高(?:阶段)?|总结阶段|提高阶段/u, 3],
];

/** Phase by name: 动员部署 / 实施阶段 / 总结提高阶段. */
export function phaseNameIn(text: string): ({ index: number } & Span) | undefined {
  const s = compact(text);
  for (const [re, index] of PHASE_NAMES) {
    const m = re.exec(s);
    if (m) return { index, span: m[0] };
  }
  return undefined;
}

/** A phase named by its place beside another (下个阶段, 上一阶段, 接下来的阶段): +1 or −1. */
const PHASE_STEP = /(下|后|上|前)一?个?阶段|接下来(?:的|这个|那个)?阶段/u;

/** The step of a phase named relative to the current (or a named) one: 下个阶段 +1, 上一阶段 −1. */
export function phaseStepIn(text: string): ({ step: 1 | -1 } & Span) | undefined {
  const m = PHASE_STEP.exec(compact(text));
  if (!m) return undefined;
  return { step: m[1] === '上' || m[1] === '前' ? -1 : 1, span: m[0] };
}

/** From when to when (这活动从啥时候到啥时候, 起止时间): the whole campaign, unless the current phase is named. */
const WHOLE_SPAN = /从(?:什么|啥)时候(?:开始)?(?:到|至)(?:什么|啥)时候|起止(?:时间|日期)|(?:什么|啥)时候开始(?:到)?(?:什么|啥)时候结束/u;
const CURRENT = /这个阶段|这一阶段|这阶段|本阶段|现阶段|现在|当前|目前/u;

/** Questions about the phases as a whole: 分几个阶段 / 方法步骤 / 时间安排 / 从啥时候到啥时候 (the whole span). */
export function phaseOverviewIn(text: string): Span | undefined {
  const s = compact(text);
  const m = /几个阶段|哪几个阶段|哪些阶段|分几步|方法步骤|步骤|时间安排|日程|时间表|进度安排|整体安排/u.exec(s) ?? (CURRENT.test(s) ? null : WHOLE_SPAN.exec(s));
  return m ? { span: m[0] } : undefined;
}

/** Questions about the current phase: 阶段 / 现在什么阶段 / 进行到哪了 / 还剩几天. */
export function phaseQuestionIn(text: string): Span | undefined {
  const m = /阶段|进行到|到哪一步|哪一步|到哪了|还剩几天|剩几天|还有几天|该干啥|该干嘛|该做啥|该做什么|该干什么|干点啥/u.exec(
    compact(text),
  );
  return m ? { span: m[0] } : undefined;
}

/** The six standards as a whole: 六好 / 一级标准 / 哪六好 / 六个标准. */
export function standardsOverviewIn(text: string): Span | undefined {
  const s = compact(text);
  const m = /哪六好|六好|六个好|(?<!第)几个好|一级标准|六个标准|六条标准|六项标准|附件标准|创建标准/u.exec(s);
  if (m) return { span: m[0] };
  const bare = /^(?:全部|所有|都有哪些|有哪些)?标准(?:都|一共|总共|共)?(?:有|是)?(?:哪些|哪几个|哪几条|哪几项|几个|几条|几项|什么|啥)?[?？。.!！]*$/u.exec(s);
  return bare ? { span: bare[0] } : undefined;
}

/** The work requirements as a whole (提了哪几点要求, 工作要求有哪些): the words asking for them. */
export function requirementsOverviewIn(text: string): string | undefined {
  const s = compact(text);
  return (/(?:哪几点|哪几条|哪几项|哪些|几点|几条|几项|总体|整体|总的)(?:工作)?要求/u.exec(s) ?? /工作要求(?:有|是)?(?:哪些|哪几[点条项个]|几[点条项个]|什么|啥)/u.exec(s))?.[0];
}

/** 双强, also named by its count (两个强是哪两个, 哪两强). */
export function shuangqiangIn(text: string): Span | undefined {
  const m = /双强|两个强|哪两强|两强/u.exec(compact(text));
  return m ? { span: m[0] } : undefined;
}

const nameForms = new WeakMap<readonly Standard[], ReadonlyArray<{ form: string; index: number }>>();

/** Every way a standard may be named, longest first: full name, name without 好, aliases. */
export function standardNameForms(standards: readonly Standard[]): ReadonlyArray<{ form: string; index: number }> {
  const known = nameForms.get(standards);
  if (known) return known;
  const forms: Array<{ form: string; index: number }> = [];
  for (const s of standards) {
    const names = new Set([s.name, s.name.replace(/好$/u, ''), ...(STANDARD_ALIASES[s.index] ?? [])]);
    for (const form of names) forms.push({ form, index: s.index });
  }
  forms.sort((a, b) => b.form.length - a.form.length);
  nameForms.set(standards, forms);
  return forms;
}

/** The standard a text names: 团结凝聚群众好 / 团结凝聚群众 / 自身建设. */
export function standardNameIn(
  text: string,
  standards: readonly Standard[],
): ({ index: number } & Span) | undefined {
  const s = compact(text);
  for (const { form, index } of standardNameForms(standards)) {
    const at = s.indexOf(form);
    // 学会自身建设 is 第2条's phrase (融入学会自身建设中), not the standard 加强自身建设好.
    if (at >= 0 && !(form === '自身建设' && s.slice(Math.max(0, at - 2), at) === '学会')) {
      // Include a trailing 好 so that it does not remain as a stray word.
      const span = s.slice(at, at + form.length + (s[at + form.length] === '好' ? 1 : 0));
      return { index, span };
    }
  }
  return undefined;
}
