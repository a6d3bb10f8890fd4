// The kind of fact a question asks for (a place, a number of people or years, an amount of money,
// a procedure, the conditions of an award, a day, a clock time, a meeting's length, a word count,
// which document, the details of something named) and whether an item's text can state it. The
// criteria say what a society's Party branch should have and do: they give no addresses, term
// lengths, head counts, prices or application procedures, so a question asking for one of those is
// not answered by the criterion it happens to share words with (支部书记一届任期几年 → not 第4条).

export type Facet =
  | 'place'
  | 'people'
  | 'count'
  | 'years'
  | 'year'
  | 'month'
  | 'day'
  | 'clock'
  | 'duration'
  | 'frequency'
  | 'length'
  | 'handle'
  | 'document'
  | 'money'
  | 'procedure'
  | 'person'
  | 'conditions'
  | 'details'
  | 'when'
  | 'format'
  | 'building'
  | 'size'
  | 'score';

/** Numerals as the notice writes them (一次, 半年, 617室, 25条). */
const NUM = '[0-9０-９一二三四五六七八九十百千万两半几]';

/**
 * How each facet is asked, and what an item's text must contain to state it. `direct`: also checked
 * against the item a direct look-up found (a phase by name, a date): only facets that no direct
 * item states by its nature (a phase states its month and days, 六好 its count).
 */
const FACETS: readonly { facet: Facet; asked: RegExp; stated: RegExp; direct?: boolean }[] = [
  {
    // 在哪条街, 地址, 在哪开, 在什么地方, 几楼, 去哪个扶贫点 (one named place, not 去哪些地方: kinds of places),
    // 去哪买 (a shop): where something is, not where to hand something in (交到哪).
    facet: 'place',
    asked: /哪条(?:街|路)|(?:地址|地点|位置|门牌)(?:在|是)?(?:哪|什么|多少)|在哪(?:里|儿)?(?:开|办|举行|举办|召开|办公|上班)|在(?:什么|啥|哪个)地方(?:开|办|举行|召开|办公)|几楼|(?:去|到)哪(?:一)?(?:个|家|所)[\u4e00-\u9fff]{0,4}?(?:点|村|县|乡|镇|企业|学校|医院|社区)|(?:哪里|哪儿|哪块|何处|在哪|去哪|到哪|上哪)(?:能|可以|去|才能)?(?:买|购买|采购|领|领取|订|订做|定做|印|制作|借|租)|(?:买|购买|采购|订做|定做|制作)(?:的地方|的店|渠道)/u,
    stated: new RegExp(`${NUM}+(?:室|楼|层|号楼)|[路街]${NUM}+号|地址|会议室|商店|网店|购买`, 'u'),
  },
  {
    // 最少要几个人, 需要多少人, 推荐名额几个: a head count asked for (not 我们就几个人, which tells one).
    facet: 'people',
    asked: /(?:几|多少)个?(?:人|名)(?:以上)?(?:才|就)?(?:能|可以)(?:成立|建立|组建|建)|(?:要|需要|得|最少|至少|最多|起码|有|配|设|选)(?:去|来|参加|出|派)?(?:几|多少)(?:个)?(?:人|名|位)(?!员|选|士|才|民|物|事|家|置)|名额(?:有|是|给)?(?:几|多少)|(?:几|多少)个?名额/u,
    stated: new RegExp(`${NUM}+(?:个|名|位)?(?:人|名|位)`, 'u'),
  },
  {
    // 工作站有多少个, 一共几家, 交几份: how many of something there are.
    facet: 'count',
    asked: /(?:有|一共|总共|共|全省)(?:多少|几)(?:个|家|所|座)|(?:打印|印|交|报|送|复印|准备)(?:多少|几)份|一式几份/u,
    stated: new RegExp(`${NUM}+(?:个|家|所|座)`, 'u'),
  },
  {
    // 哪一年开的, 哪年提出的: a calendar year.
    facet: 'year',
    asked: /哪一?年|几几年|什么年份/u,
    stated: /[0-9０-９]{4}\s*年/u,
  },
  {
    // 年会几月开, 哪个月评: a month (the phases and the submission state theirs).
    facet: 'month',
    asked: /几月份?(?!几)|哪个月|哪一个月/u,
    stated: /[0-9０-９]{1,2}\s*月/u,
  },
  {
    // 主席是谁, 部长叫什么, 谁提出的: a person's name (the notice names only its contact person).
    facet: 'person',
    asked: /(?:主席|部长|书记|会长|秘书长|理事长|主任|院士|领导)(?:是谁|是哪位|叫什么|叫啥|姓什么|姓啥|的名字)|(?:是)?谁(?:提出|发明|创立|首创)/u,
    stated: /联系人\s*[:：]/u,
  },
  {
    // 任期几年, 几年一届, 多少年: a length in years (the notice's 2019年 is a year, not a length).
    facet: 'years',
    asked: /(?:几|多少)年(?!级)|任期(?:多长|多久|是?几)|几年一(?:届|次|换)|多久一届|多少届/u,
    stated: /(?:^|[^0-9０-９])(?:[一二三四五六七八九十两半]|[0-9０-９]{1,2})(?:个)?年(?!度)|届期|任期/u,
  },
  {
    // 推进会是哪天开的, 几月几号: a calendar day (the phases, the submission and the document's date
    // state theirs; the other sections and the criteria none).
    facet: 'day',
    asked: /几月几[号日]|哪一天|哪天|几号(?!文)|什么日子/u,
    stated: /[0-9０-９]{1,2}\s*[日号]|[0-9０-９]\s*[-—]\s*[0-9０-９]/u,
  },
  {
    // 考试时间是啥时候, 评审什么时候: when something happens. Dates (the phases, the submission, the
    // document) or how often (每半年, 按期) state it; the other items do not.
    facet: 'when',
    asked: /什么时候|啥时候|何时|几时|啥时间|什么时间/u,
    stated: /[0-9０-９]{1,2}\s*[月日号]|每|按期|定期|按时/u,
  },
  {
    // 几点开, 明天下午开会不, 617室周末有人吗: a time of day or office hours (the notice states none:
    // its dates are whole days).
    facet: 'clock',
    asked: /几点(?:钟|开|上班|下班|到|去|集合|出发|结束|开始|开饭|有人|能|可以)|(?:上午|下午|中午|晚上|早上|傍晚)(?:几点|开会|开不开|有会|有没有会|开吗|开不)|(?:周末|周六|周日|星期六|星期天|星期日|节假日|假期|晚上|中午|下班后)[\u4e00-\u9fff0-9０-９]{0,4}?(?:有没有人|有人(?:吗|在|值班|收|上班|办公|接)|上班|值班|办公|收材料|开门)|(?:办公|上班|开放|接待)时间/u,
    stated: /[0-9０-９一二三四五六七八九十]+\s*点(?:钟|半)|[上下]午/u,
    direct: true,
  },
  {
    // 动员会要开多长时间, 党课讲多久: how long a meeting lasts (hours), not how long a phase runs
    // (开展多长时间: the phase's dates).
    facet: 'duration',
    asked: /(?:开|讲|上)(?:了)?(?:多长时间|多久|几个?小时|多少分钟)|几个?小时|多少分钟/u,
    stated: /小时|分钟|半天/u,
    direct: true,
  },
  {
    // 党旗尺寸有要求吗, 活动室面积要多大, 场地要多大: a size (the notice gives none; 多大的事 is no size).
    facet: 'size',
    asked: /尺寸|尺码|规格|面积|多少平(?:方|米)?|(?:场地|房间|屋子|地方|活动室|场所|会议室)[\u4e00-\u9fff]{0,3}?(?:多大|大小)/u,
    stated: /平方米|平米|尺寸|规格/u,
  },
  {
    // 多久一次, 多少年换一次, 一年几次: how often. Only 每…, 按时 (换届: on the statutory term) or a count of
    // times can say it; 按期 and 定期 (三会一课, 支部大会) only say "on schedule", which every independent
    // writer labels as no answer to how often;
    // the item must also match what is done that often (see `asksOnlyFacet`).
    facet: 'frequency',
    asked: /多久(?:([\u4e00-\u9fff]{0,2})一[次回])?|(?:多长时间|多少年|几年|几个月|多少天|几天|几周)([\u4e00-\u9fff]{0,2})一[次回]|一年(?:要|得)?几[次回]|几[次回]|频次|频率/u,
    stated: /每|按时|[0-9一二两三四五六七八九十几]次/u,
  },
  {
    // 总结写多少字, 要几页: a length of writing (the notice sets none).
    facet: 'length',
    asked: /多少字|几个?字|几千字|字数|多少页|几页|篇幅/u,
    stated: new RegExp(`${NUM}+\\s*(?:字|页)|字数|篇幅`, 'u'),
    direct: true,
  },
  {
    // 617室在哪栋楼: a building (the notice names a room, 617室, in no building).
    facet: 'building',
    asked: /哪(?:一)?(?:栋|座|幢|个楼|个大楼)|几号楼|什么楼|哪个大厦/u,
    stated: /栋|幢|号楼|大楼|大厦/u,
  },
  {
    // 总结有没有格式要求, 有模板吗: a form or template (the notice gives none).
    facet: 'format',
    asked: /格式|模板|模版|范本|范文|样式|样板|排版|字体|字号/u,
    stated: /$^/u,
  },
  {
    // 微信号多少, 邮箱是什么: an account other than the telephone number the notice gives.
    facet: 'handle',
    asked: /(?:微信(?!公众)号?|邮箱|电子邮件|邮件地址|QQ号?)(?:号码?)?(?:是|有)?(?:多少|什么|啥|给一下|发一下|发我|给我)/iu,
    stated: /微信号|邮箱|@|QQ/iu,
    direct: true,
  },
  {
    // 条例和准则指哪个文件: which document. Only a full title (《山西省社会组织党组织规范化建设标准》)
    // or a document number names one; a short form (《条例》) only refers to it.
    facet: 'document',
    asked: /(?:哪个|哪部|哪份|哪一个|哪一部|哪两个|哪几个|哪些|什么|啥)(?:文件|条例|法规|规定)|全称|全名|(?:指的?是|是指)(?:哪两个|哪几个)$/u,
    stated: /《[^》]{6,}》|〔\s*[0-9]{4}\s*〕/u,
  },
  {
    // 多少钱, 经费多少, 补贴标准是多少: an amount of money.
    facet: 'money',
    asked: /多少钱|几块钱|多少元|多少块|(?:金额|价格|价钱|费用|经费|奖金|补贴|报销)(?:是|有|能|给)?多少|花(?:多少|几)/u,
    stated: new RegExp(`${NUM}+(?:元|块|万元)|经费标准`, 'u'),
  },
  {
    // 扣几分, 打多少分, 评分标准: points in an assessment, which the notice never gives.
    facet: 'score',
    asked: /(?:扣|打|得|加|给|算|占)(?:几|多少)分|多少分|分值|评分|打分|扣分|计分/u,
    stated: /$^/u,
  },
  {
    // 怎么申请成立, 申请流程, 要什么手续, 选举流程咋走: an administrative procedure (要报名参加吗 asks
    // whether to take part, not how).
    facet: 'procedure',
    asked: /(?:怎么|怎样|如何|咋)(?:去|才能|才可以|能|可以)?(?:申请|办理|报名|注册|登记|审批|备案|认证)|(?:要|得|需要)(?:去)?(?:申请|办理|报名|注册|登记|审批|备案|认证)(?:什么|啥|哪些)|(?:申请|办理|报名|注册|登记|审批|备案|认证|选举|换届|转接)(?:的)?(?:流程|手续|程序|步骤)|(?:什么|哪些|啥)(?:手续|流程|程序)|流程(?:咋|怎么|如何)走|(?:报|交|找|经)(?:哪个|哪|什么|啥)(?:部门|单位|机关)(?:审批|备案|批准|审核|同意)?/u,
    stated: /申请|办理|报名|注册|登记|审批|备案|认证|手续|流程/u,
  },
  {
    // 三八红旗手评选条件, 任职条件, 认定标准: the conditions of something the notice only names; the
    // campaign's own conditions are asked with the campaign named (六好党组织的评选条件).
    facet: 'conditions',
    asked: /(?:评选|评比|评定|评优|参评|入选|当选|获评|评上|任职|认定)(?:的)?(?:条件|标准|要求|资格|办法)|(?:要|需要|得|有)(?:什么|哪些|啥)(?:资格|资质)|评(?:优秀|先进|优)[^六双\s]{0,6}?的?(?:标准|条件)/u,
    stated: /$^/u,
  },
  {
    // 具体有哪些内容, 具体指什么: the details of something. An item that names it in one sentence
    // (实施党建强会计划, 符合相关规定条件) cannot give them; one that lists (、 or ：) can.
    facet: 'details',
    asked: /具体(?:都)?(?:有|包括|包含)(?:哪些|什么|啥)|具体内容|(?:包括|包含|有)(?:哪些|什么|啥)内容|内容(?:具体)?(?:有|是|包括)(?:哪些|什么|啥)/u,
    stated: /[、：:]/u,
  },
];

/** The campaign named as what is rated (六好, 双强, 党组织, 活动) right before its conditions are asked. */
const CAMPAIGN_BEFORE = /(?:六好|双强|党组织|党支部|支部|活动|这个|这次|该)的?$/u;
/** The award is named in the asking itself (评优秀党支部的标准): not the campaign's own conditions. */
const NAMED_AWARD = /^评(?:优秀|先进|优)/u;
/** Nothing named before the conditions (那评比的标准有哪些): the notice's only rating, the campaign's. */
const NOTHING_BEFORE = /^(?:那|那么|这|这个|那个|请问)?$/u;
/** The same words anywhere before the conditions of an award (六好党组织的评选条件, 评上双强六好的标准). */
const CAMPAIGN = /六好|双强|党组织|党支部|支部|学会|协会|研究会|社团|这个|这次|该/u;

/** 几 that counts rather than asks (好几年, 十几个, 这几天, 前几次): it asks for no fact. */
const COUNTING_JI = /(?<=[好十这那前近头没])几/gu;

function normal(question: string): string {
  return question.normalize('NFKC').replace(/\s+/gu, '').replace(COUNTING_JI, '些');
}

/** The facets a question asks for, with the text that asks each (usually none; a gap the pattern captures is left out). */
export function askedFacetSpans(question: string): { facet: Facet; span: string }[] {
  const q = normal(question);
  const out: { facet: Facet; span: string }[] = [];
  for (const f of FACETS) {
    const m = f.asked.exec(q);
    if (!m) continue;
    const before = q.slice(0, m.index);
    // The campaign's own conditions and contents are the criteria (六好党组织的评选条件, 活动的具体内容).
    if ((f.facet === 'conditions' || f.facet === 'details') && (CAMPAIGN_BEFORE.test(before) || NOTHING_BEFORE.test(before)) && !NAMED_AWARD.test(m[0])) continue;
    if (f.facet === 'conditions' && /^(?:评|参|入|当|获)/u.test(m[0]) && CAMPAIGN.test(before)) continue;
    // What a capture group holds is what is done that often (多久|换届|一次), not the asking.
    let span = m[0];
    for (const g of m.slice(1)) if (g) span = span.replace(g, ' ');
    out.push({ facet: f.facet, span });
  }
  return out;
}

/** The facets a question asks for (usually none). */
export function askedFacets(question: string): Facet[] {
  return askedFacetSpans(question).map((f) => f.facet);
}

/** Whether an item's text can state the fact a facet asks for. */
export function states(text: string, facet: Facet): boolean {
  const f = FACETS.find((x) => x.facet === facet);
  return f !== undefined && f.stated.test(text.normalize('NFKC'));
}

/** The first facet the question asks that the text cannot state, if any. `direct`: only the facets checked on direct look-ups. */
export function unstatedFacet(question: string, text: string, direct = false): Facet | undefined {
  return askedFacets(question).find((f) => (!direct || FACETS.find((x) => x.facet === f)?.direct === true) && !states(text, f));
}

/** Particles and punctuation: left after the asking, they name nothing (多久一次呢). */
const PARTICLES = /[呢吗啊呀吧了的嘛哈哦\p{P}\s]/gu;

/**
 * Whether every word an item matched lies inside what asks for a facet while the question names
 * something besides (多少年换一次 matching only 一次, 换 unmatched): the item states such a fact
 * about its own topic, not about what the question names. A question of the asking alone (多久一次)
 * is about whatever the item is.
 */
export function asksOnlyFacet(question: string, matched: readonly string[]): boolean {
  const spans = askedFacetSpans(question).map((f) => f.span);
  if (spans.length === 0 || matched.length === 0 || !matched.every((w) => spans.some((s) => s.includes(w)))) return false;
  let rest = normal(question);
  const pieces = spans.flatMap((s) => s.split(' ')).filter(Boolean).sort((a, b) => b.length - a.length);
  for (const piece of pieces) rest = rest.replace(piece, '');
  return rest.replace(PARTICLES, '') !== '';
}
