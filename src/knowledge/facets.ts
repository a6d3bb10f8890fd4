// The kind of fact a question asks for (a place, a number of people or years, an amount of money,
// a procedure, the conditions of an award) and whether an item's text can state it. The criteria
// say what a society's Party branch should have and do: they give no addresses, term lengths,
// head counts, prices or application procedures, so a question asking for one of those is not
// answered by the criterion it happens to share words with (支部书记一届任期几年 → not 第4条).

export type Facet = 'place' | 'people' | 'count' | 'years' | 'year' | 'month' | 'money' | 'procedure' | 'person' | 'award-conditions';

/** Numerals as the notice writes them (一次, 半年, 617室, 25条). */
const NUM = '[0-9０-９一二三四五六七八九十百千万两半几]';

/** How each facet is asked, and what an item's text must contain to state it. */
const FACETS: readonly { facet: Facet; asked: RegExp; stated: RegExp }[] = [
  {
    // 在哪条街, 地址, 在哪开, 在什么地方: where something is, not where to hand something in (交到哪).
    facet: 'place',
    asked: /哪条(?:街|路)|(?:地址|地点|位置|门牌)(?:在|是)?(?:哪|什么|多少)|在哪(?:里|儿)?(?:开|办|举行|举办|召开|办公|上班)|在(?:什么|啥|哪个)地方(?:开|办|举行|召开|办公)|在几楼/u,
    stated: new RegExp(`${NUM}+(?:室|楼|层|号楼)|[路街]${NUM}+号|地址|会议室`, 'u'),
  },
  {
    // 最少要几个人, 需要多少人: a head count asked for (not 我们就几个人, which tells one).
    facet: 'people',
    asked: /(?:要|需要|得|最少|至少|最多|起码|有|配|设|选)(?:几|多少)(?:个)?(?:人|名|位)(?!员|选|士|才|民|物|事|家|置)/u,
    stated: new RegExp(`${NUM}+(?:个|名|位)?(?:人|名|位)`, 'u'),
  },
  {
    // 工作站有多少个, 一共几家: how many of something there are.
    facet: 'count',
    asked: /(?:有|一共|总共|共|全省)(?:多少|几)(?:个|家|所|座)/u,
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
    // 多少钱, 经费多少, 补贴标准是多少: an amount of money.
    facet: 'money',
    asked: /多少钱|几块钱|多少元|多少块|(?:金额|价格|价钱|费用|经费|奖金|补贴|报销)(?:是|有|能|给)?多少|花(?:多少|几)/u,
    stated: new RegExp(`${NUM}+(?:元|块|万元)|经费标准`, 'u'),
  },
  {
    // 怎么申请成立, 申请流程, 要什么手续: an administrative procedure.
    facet: 'procedure',
    asked: /(?:怎么|怎样|如何|咋|要|得|需要)(?:去|才能|才可以|能|可以)?(?:申请|办理|报名|注册|登记|审批|备案|认证)|(?:申请|办理|报名|注册|登记|审批|备案|认证)(?:的)?(?:流程|手续|程序|步骤|材料)|(?:什么|哪些|啥)手续/u,
    stated: /申请|办理|报名|注册|登记|审批|备案|认证|手续/u,
  },
  {
    // 三八红旗手评选条件: the conditions of an award the notice only names; its own conditions are
    // asked with the campaign named (六好党组织的评选条件).
    facet: 'award-conditions',
    asked: /(?:评选|评比|评定|评优|参评|入选|当选|获评|评上)(?:的)?(?:条件|标准|要求|资格|办法)/u,
    stated: /$^/u,
  },
];

/** The campaign named as what is rated (六好, 双强, 党组织, 学会): its conditions are the criteria. */
const CAMPAIGN = /六好|双强|党组织|党支部|支部|学会|协会|研究会|社团|这个|这次|该/u;

/** The facets a question asks for (usually none). */
export function askedFacets(question: string): Facet[] {
  const q = question.normalize('NFKC').replace(/\s+/gu, '');
  const out: Facet[] = [];
  for (const f of FACETS) {
    const m = f.asked.exec(q);
    if (!m) continue;
    if (f.facet === 'award-conditions' && CAMPAIGN.test(q.slice(0, m.index))) continue;
    out.push(f.facet);
  }
  return out;
}

/** Whether an item's text can state the fact a facet asks for. */
export function states(text: string, facet: Facet): boolean {
  const f = FACETS.find((x) => x.facet === facet);
  return f !== undefined && f.stated.test(text.normalize('NFKC'));
}

/** The first facet the question asks that the text cannot state, if any. */
export function unstatedFacet(question: string, text: string): Facet | undefined {
  return askedFacets(question).find((f) => !states(text, f));
}
