// classifyActivity: which second-level criteria an activity report describes. A table of activity
// words (how branches name what they did) gives the criteria directly; when it finds nothing and
// the text reads like an activity, retrieval over the criteria decides, with a stricter confidence
// than Q&A. Anything unclear gives [] so that a report is never filed under a guessed criterion.
import { compact } from './intent.js';
import type { SearchEngine } from './search.js';

export interface ActivityRule {
  pattern: RegExp;
  criteria: readonly number[];
  /** A generic container (专题学习): it counts only when no specific rule matched. */
  generic?: boolean;
}

/** Activity words → criteria. Ordered by topic; every matching rule contributes. */
export const ACTIVITY_RULES: readonly ActivityRule[] = [
  { pattern: /党建(?:工作)?(?:写入|写进|纳入|列入)(?:学会)?章程|党建入章/u, criteria: [1] },
  { pattern: /学习党章|党章学习|党章知识|学党章|学习计划/u, criteria: [3] },
  { pattern: /政治学习|理论学习|集中学习|专题学习|学习贯彻|读原著/u, criteria: [3], generic: true },
  { pattern: /三会一课|党课|组织生活会|支部大会|支委会|支委扩大会|支部委员会|党小组会|党小组学习|党员大会|主题党日|党日活动/u, criteria: [3, 22] },
  { pattern: /(?:书记|支部).{0,8}(?:会长|理事长|学会负责人|秘书长).{0,6}(?:沟通|交流|谈心|碰头)|支持学会负责人/u, criteria: [4] },
  { pattern: /非党员(?:负责人|理事|会长|副会长)?.{0,6}参加|邀请.{0,8}非党员/u, criteria: [5] },
  { pattern: /先锋模范|党员示范岗|党员先锋岗|亮身份/u, criteria: [6] },
  { pattern: /走基层|下基层|到基层|深入基层|基层服务|走访企业|到企业|进企业|赴企业|企业服务|服务企业|扶贫|帮扶|贫困村|驻村|科技下乡|送科技/u, criteria: [7] },
  { pattern: /党建\+|党建与业务|党建和业务/u, criteria: [8] },
  { pattern: /修订(?:学会)?章程|修改(?:学会)?章程|完善(?:学会)?章程|规章制度|管理制度/u, criteria: [9] },
  { pattern: /文体活动|运动会|合唱|歌咏|趣味运动|体育比赛|文艺汇演|文艺演出|健步走|登山|拔河|球赛|太极拳|联欢/u, criteria: [11] },
  { pattern: /主题教育|不忘初心|牢记使命|理想信念|中国梦|红色教育|爱国主义教育|科学家精神|革命传统教育|红色基地/u, criteria: [12] },
  { pattern: /核心价值观|公序良俗|抵制/u, criteria: [13] },
  { pattern: /三八红旗手|两代表一委员|优秀共产党员|优秀党务工作者|评优|推荐表彰|评选表彰/u, criteria: [14] },
  { pattern: /科技工作者日|科技工作者节|院士专家工作站|院士工作站|专家工作站|学会服务站|科普|智库/u, criteria: [15] },
  { pattern: /学风建设|科学道德|学风道德/u, criteria: [16] },
  { pattern: /社会工作师|社工证|社工考试/u, criteria: [17] },
  { pattern: /换届|领导班子|选举(?:产生)?(?:新一届|理事|会长|理事长|秘书长)/u, criteria: [18] },
  { pattern: /民主集中制|重大事项|重大问题|集体研究|集体决策/u, criteria: [19] },
  { pattern: /谈心谈话|谈心|谈话谈心|思想状况|思想动态|思想汇报|帮教|不合格党员/u, criteria: [20] },
  { pattern: /党旗|党员活动室|活动阵地|阵地建设|党员之家|标识|书报|党建书架/u, criteria: [21] },
  { pattern: /民主评议|民主生活会|党性分析|双重组织生活/u, criteria: [22] },
  { pattern: /监事会|监事/u, criteria: [23] },
  { pattern: /廉政|反腐|倡廉|警示教育|廉洁/u, criteria: [24] },
  { pattern: /党内监督/u, criteria: [25] },
];

/** The 三会一课 meetings tracked on a cadence (criteria 3 and 22). */
export const MEETING_KINDS = ['支部委员会', '支部党员大会', '党小组会', '党课'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

const MEETING_PATTERNS: readonly { kind: MeetingKind; pattern: RegExp }[] = [
  { kind: '支部委员会', pattern: /支部委员会|支委会|支委扩大会|支委会议/u },
  { kind: '支部党员大会', pattern: /支部党员大会|党员大会|支部大会/u },
  { kind: '党小组会', pattern: /党小组会|党小组学习|党小组活动/u },
  { kind: '党课', pattern: /党课/u },
];

/** Which 三会一课 meeting a report describes, if any (the first named wins). */
export function meetingKindOf(text: string): MeetingKind | undefined {
  const s = compact(text);
  let best: { kind: MeetingKind; index: number } | undefined;
  for (const { kind, pattern } of MEETING_PATTERNS) {
    const m = pattern.exec(s);
    if (!m) continue;
    const before = s.slice(Math.max(0, m.index - 4), m.index);
    if (NEGATION.test(before)) continue;
    if (best === undefined || m.index < best.index) best = { kind, index: m.index };
  }
  return best?.kind;
}

/** Words that make a text read like a report of something done. */
const ACTIVITY_VERB = /开展|组织|举办|召开|参加|参观|走访|前往|赴|举行|进行|开了|学习了|听取|观看|慰问|调研|座谈|培训|讲座|活动/u;

/** Report verbs that say something was done but not what: removed before the fallback search. */
const REPORT_WORDS = /开展|组织|举办|举行|进行|召开|参加|参与|活动|一次|工作|全体|党员们|大家/gu;

/** Negated activities (没有开展…) are not reports of them. */
const NEGATION = /没有|没|未|尚未|还没/u;

/** Retrieval fallback: stricter than Q&A, and the best criterion must clearly beat the second. */
const FALLBACK_COVERAGE = 0.7;
const FALLBACK_MARGIN = 1.25;

export function classifyWith(engine: SearchEngine, text: string): number[] {
  const s = compact(text);
  if (s === '') return [];
  const found = new Set<number>();
  const generic = new Set<number>();
  for (const rule of ACTIVITY_RULES) {
    const m = rule.pattern.exec(s);
    if (!m) continue;
    // "没有开展走基层" is not a 走基层 report: look a few characters back for a negation.
    const before = s.slice(Math.max(0, m.index - 4), m.index);
    if (NEGATION.test(before)) continue;
    for (const c of rule.criteria) (rule.generic ? generic : found).add(c);
  }
  if (found.size === 0) for (const c of generic) found.add(c);
  if (found.size > 0) return [...found].sort((a, b) => a - b);
  if (!ACTIVITY_VERB.test(s)) return [];
  const topic = s.replace(REPORT_WORDS, ' ');
  const { hits } = engine.search(topic, { filter: (it) => it.ref.kind === 'criterion', limit: 2 });
  const [top, second] = hits;
  if (!top || top.item.ref.kind !== 'criterion' || top.coverage < FALLBACK_COVERAGE) return [];
  if (second && top.score < second.score * FALLBACK_MARGIN) return [];
  return [top.item.ref.number];
}
