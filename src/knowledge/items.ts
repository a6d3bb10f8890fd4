// The searchable items: the 25 criteria, the six standards, and the notice's sections. Each item
// has the verbatim text (what gets quoted), a title, and topic keywords: the words members use for
// that item when they do not use the notice's wording. Keywords are topics, not stored questions.
import type { NoticeData } from './schema.js';
import type { ItemRef, QuotedItem } from './types.js';

/** An item of the search index: what answers show (QuotedItem), its key and its topic words. */
export interface KbItem extends QuotedItem {
  /** Unique key, e.g. criterion:7, section:contact (see refKey). */
  key: string;
  /** Topic words and aliases (space separated phrases). */
  keywords: string;
  /** Plain-language gloss of the item's two to four core concepts (criteria only, see CRITERION_GLOSS). */
  gloss: string;
}

export function refKey(ref: ItemRef): string {
  switch (ref.kind) {
    case 'criterion':
      return `criterion:${ref.number}`;
    case 'standard':
      return `standard:${ref.index}`;
    case 'phase':
      return ref.index === undefined ? 'phase' : `phase:${ref.index}`;
    case 'section':
      return `section:${ref.id}`;
    default:
      return ref.kind;
  }
}

export function sameRef(a: ItemRef, b: ItemRef): boolean {
  return refKey(a) === refKey(b);
}

/** Topic keywords of each criterion (colloquial and notice words a member might use). */
const CRITERION_KEYWORDS: Readonly<Record<number, string>> = {
  1: '章程 写进章程 党建入章 路线方针政策 上级党组织 决定 宣传执行 新时代思想',
  2: '政治建设 首位 党建强会 政治引领 战斗堡垒 政治关 政治方向 互相促进 融入',
  3: '学习计划 三会一课 按期 党章 学习党章 政治学习 党性锻炼 教育培训 必备课程',
  4: '支部书记 学会负责人 书记 不是同一人 兼任 支持 沟通 配合',
  5: '非党员负责人 非党员 邀请 参加 支部活动',
  6: '党员 先锋模范 模范带头 带头作用 爱岗敬业 奉献 标杆',
  7: '走基层 服务活动 每半年 频次 企事业单位 扶贫地区 党务干部 履职 队伍建设',
  8: '党建+ 党建+工作理念 三基建设 学术交流 创新驱动 学会承能 业务 同研究 同部署 同推进 社会治理 公共科技服务 社会责任',
  9: '章程 完善章程 规章制度 管理漏洞 项目风险 制度',
  10: '支部负责人 业务知识 学习业务 懂业务 管理制度 建言献策 才智',
  11: '文体活动 会员 反映良好',
  12: '主题教育 不忘初心 牢记使命 理想信念 中国梦 科学家精神 科技强国 转型升级 主题活动',
  13: '核心价值观 公序良俗 公共利益 抵制 不良行为',
  14: '推荐 举荐 表彰 表彰对象 评优 优秀党务工作者 优秀共产党员 三八红旗手 两代表一委员 党代表 人大代表 政协委员 行业代表',
  15: '科技人才 院士专家工作站 学会服务站 科普 科普品牌工程 精准扶贫 智库 全国科技工作者日 地方经济 科学决策',
  16: '科学道德 学风建设 宣讲 报告会 优秀科技工作者 宣传典型',
  17: '社会工作师 报考 考证 职业化 专业化 年轻化 工作人员 人才队伍',
  18: '领导班子 换届 换届选举 按时 负责人 任职条件 分工 职责 工作程序',
  19: '民主集中制 重大问题 重大事项 会议 讨论决定 集体决策',
  20: '思想状况 思想动态 思想政治工作 不合格党员 帮教 组织处理',
  21: '场所 设施 标识 党旗 书报 制度 六有 阵地 活动室 挂牌',
  22: '三会一课 民主评议党员 党性分析 双重组织生活 支部大会 党课 民主生活会 组织生活会 组织生活 按期',
  23: '监事会 监事 监督机制 监督约束 规范行为',
  24: '反腐倡廉 廉政 廉政文化 读书 参观学习 讲座 警示教育',
  25: '条例 准则 党内监督 监督职责 监督机制',
};

/**
 * A plain-language gloss of each criterion's two to four core concepts, written from the notice:
 * how a member says the same thing without the notice's words (不是党员的负责人 for 非党员负责人,
 * 出主意 for 建言献策). No gloss word may be a word that only one other criterion uses
 * (test/knowledge/gloss.test.ts), so a gloss never pulls a question away from its own criterion.
 */
export const CRITERION_GLOSS: Readonly<Record<number, string>> = {
  1: '党建写进章程 章程里写党建 章程里加上党建 章程没提党建 执行上级决定 贯彻方针政策 习近平思想 新思想 传达中央 传达上级 上级的决定',
  2: '政治第一 政治挂帅 把好政治关 政治上把关 方向不跑偏 党建和发展互相促进 两促进 引领作用 融进 融合 融为一体 融入学会建设 学会自身建设',
  3: '年度学习计划 学习安排 学党章 遵守党章 党员培训 政治学习 理论学习 教育课程 学习制度',
  4: '书记和会长 书记跟会长 不是一个人 不是同一个人 两个人担任 支持会长 配合会长 沟通协调 商量 通气 各干各的 说不上话 不沟通',
  5: '民主党派 无党派人士 党外负责人 党外人士 群众负责人 非党员的学会负责人 党外的学会负责人 叫上 请来 喊上 邀请参加 一起参加 一块参加 一起来',
  6: '党员带头 带头作用 起模范作用 做榜样 榜样 当表率 冲在前头 吃苦在前 踏实肯干 干活 岗位上 敬业 奉献 服气 信服 威信',
  7: '下乡 基层服务 走访企业 到企业 服务企业 进企业 扶贫 半年一次 一年两次 党务干部能力 调研',
  8: '党建和业务结合 党建与业务 业务工作 两张皮 同步推进 学术活动 科技服务 一起研究 一起商量 一起部署 一起安排 一起推进 布置工作 工作会 公益',
  9: '完善制度 制度建设 规章 管理上的漏洞 窟窿 补漏洞 风险 防范风险 修改章程 出岔子 没章法 没规矩 立规矩 管理混乱',
  10: '支部负责人懂业务 学业务 熟悉业务 不懂业务 外行 门外汉 不熟悉 出主意 出谋划策 献计献策 提建议 出力',
  11: '文体活动 文艺演出 唱歌 合唱 体育比赛 运动会 联欢 联谊 会员参加 科协组织的活动',
  12: '主题教育 初心使命 理想信念 科学家精神 爱国 科技强国 宣传教育 老科学家 科学家的故事 先进事迹',
  13: '歪风邪气 不良风气 坏风气 违法违规 社会公德 正能量 坚决抵制 封建迷信 诈骗 行骗 低俗 庸俗 谣言 招摇撞骗 败坏风气',
  14: '评优 评先进 评先评优 推荐先进 表彰 荣誉 人大代表 政协委员 党代表 先进个人 劳模 评选',
  15: '院士工作站 专家工作站 科普 智库 科技工作者日 服务地方 地方经济 专家服务 推荐人才 派人',
  16: '科研诚信 造假 抄袭 剽窃 弄虚作假 学风 宣讲报告 宣传优秀科技工作者 先进典型',
  17: '社工证 考证 考社工 职业资格 资格证 工作人员考试 年轻化 专业人才 小年轻',
  18: '换届 换届选举 班子 任期 到期 超期 选举 负责人分工 职责分工 分工不明确 职责不清 谁管什么 各管各的 理事会',
  19: '三重一大 大事 重大事项 集体讨论 上会 拍板 一言堂 一个人说了算 民主决策 大额支出 大额开支 集体商量',
  20: '发牢骚 闹情绪 情绪不对 思想动态 谈心谈话 思想工作 不合格党员 不参加活动 联系不上 表现差 屡教不改 帮扶教育 处置 处理',
  21: '活动场所 活动室 房间 屋子 挂牌 牌子 旗子 党旗 书报 报刊 党报 党刊 订报纸 制度上墙 挂在墙上 墙上 阵地 没有场地 固定场所',
  22: '组织生活 支部大会 党课 民主评议 评议党员 双重组织生活 单位和学会都过组织生活 组织生活会 过组织生活 本单位 原单位 在职党员',
  23: '监事 监事会 监督 约束 规范行为 内部监督 财务监督 盯着 没人管 专人监督',
  24: '廉洁 廉政教育 反腐败 警示教育 读书 读书会 参观 讲座',
  25: '党内监督 纪律 纪检 纪委 党纪 条例 准则 监督党员',
};

/** Aliases of the six standards (besides their names). */
export const STANDARD_ALIASES: Readonly<Record<number, readonly string[]>> = {
  1: ['政治方向', '坚持政治方向'],
  2: ['团结凝聚群众', '团结群众', '凝聚群众', '团结凝聚'],
  3: ['推动事业发展', '事业发展'],
  4: ['建设先进文化', '先进文化', '文化建设'],
  5: ['服务人才成长', '人才成长', '服务人才'],
  6: ['加强自身建设', '自身建设'],
};

export function buildItems(n: NoticeData): KbItem[] {
  const items: KbItem[] = [];
  const push = (item: Omit<KbItem, 'key' | 'gloss'> & { gloss?: string }): void => {
    items.push({ key: refKey(item.ref), ...item, gloss: item.gloss ?? '' });
  };

  for (const c of n.criteria) {
    const std = n.standards[c.standard - 1];
    if (!std) throw new Error(`第${c.number}条没有一级标准`);
    push({
      ref: { kind: 'criterion', number: c.number },
      title: `第${c.number}条`,
      citation: `附件第${c.number}条 · ${std.name}`,
      quote: `${c.number}.${c.text}`,
      text: c.text,
      keywords: CRITERION_KEYWORDS[c.number] ?? '',
      gloss: CRITERION_GLOSS[c.number] ?? '',
    });
  }
  for (const s of n.standards) {
    const first = s.criteria[0];
    const last = s.criteria[s.criteria.length - 1];
    push({
      ref: { kind: 'standard', index: s.index },
      title: s.name,
      citation: `附件 · 一级标准“${s.name}”（第${first}–${last}条）`,
      quote: s.name,
      text: s.name,
      keywords: (STANDARD_ALIASES[s.index] ?? []).join(' '),
    });
  }
  push({
    ref: { kind: 'standards' },
    title: '“六好”标准',
    citation: `附件 · ${n.document.attachment}`,
    quote: n.document.attachment,
    text: n.document.attachment,
    keywords: '六好 一级标准 二级标准 六个标准 标准 附件 创建',
  });
  push({
    ref: { kind: 'shuangqiang' },
    title: '双强（目标任务）',
    citation: '通知 · 目标任务',
    quote: n.goal.text,
    text: n.goal.text,
    keywords: '双强 党建强 发展强 目标 目标任务 双强六好',
  });
  push({
    ref: { kind: 'section', id: 'intro' },
    title: '开展目的与范围',
    citation: '通知 · 开头',
    quote: `${n.document.addressee}：\n${n.intro}`,
    text: `${n.document.addressee} ${n.intro}`,
    keywords: '目的 意义 背景 开展 范围 对象 参加 单位 主送 学会 协会 研究会 下发',
  });
  push({
    ref: { kind: 'section', id: 'guiding' },
    title: n.guiding.title,
    citation: `通知 · ${n.guiding.heading}`,
    quote: n.guiding.text,
    text: n.guiding.text,
    keywords: '指导思想 指导 依据 根据 理论 治理结构 治理方式 改革 组织力 政治功能',
  });
  const phaseKeywords: Readonly<Record<number, string>> = {
    1: '动员部署 动员 部署 动员会 工作方案 方案 启动 阶段 时间',
    2: '组织实施 实施 举措 党建活动 开展活动 阶段 时间',
    3: '总结提高 总结 整改 整改措施 长效机制 巩固 成果 阶段 时间',
  };
  for (const p of n.phases) {
    // Phase 3's paragraph ends with the submission rule, which is its own item; index it without.
    const indexed = p.tasks.replace(n.submission.text, '').trim();
    push({
      ref: { kind: 'phase', index: p.index },
      title: p.name,
      citation: `通知 · ${n.methodHeading} · ${p.name}`,
      quote: `${p.index}、${p.heading}。${p.tasks}`,
      text: `${p.heading} ${indexed}`,
      keywords: phaseKeywords[p.index] ?? '',
    });
  }
  push({
    ref: { kind: 'phase' },
    title: '方法步骤（三个阶段）',
    citation: `通知 · ${n.methodHeading}`,
    quote: n.phases.map((p) => `${p.index}、${p.heading}`).join('；'),
    text: n.phases.map((p) => p.heading).join(' '),
    keywords: '方法步骤 步骤 阶段 几个阶段 时间安排 日程 安排 时间表 开始 结束 时间',
  });
  push({
    ref: { kind: 'section', id: 'submission' },
    title: '总结报送',
    citation: `通知 · ${n.methodHeading} · ${n.phases[n.phases.length - 1]?.name ?? ''}`,
    quote: n.submission.text,
    text: n.submission.text,
    keywords: '总结 总结材料 总结情况 纸质版 纸质 电子版 报 学会部 617室 截止 时间 地点 材料',
  });
  push({
    ref: { kind: 'section', id: 'contact' },
    title: '联系人',
    citation: '通知 · 联系人',
    quote: n.contact.text,
    text: n.contact.text,
    keywords: '联系人 电话 梁敏 咨询 问题 联系',
  });
  push({
    ref: { kind: 'section', id: 'document' },
    title: '文件信息',
    citation: n.document.number,
    quote: `${n.document.number}　${n.document.title}通知　${n.document.issuer}　${n.document.date}`,
    text: `${n.document.number} ${n.document.title}通知 ${n.document.issuer} ${n.document.issuerShort} ${n.document.date}`,
    keywords: '文号 发文单位 发文 落款 日期 印发 时间 文件 通知 科技社团党委',
  });
  push({
    ref: { kind: 'section', id: 'requirements' },
    title: '工作要求',
    citation: `通知 · ${n.requirementsHeading}`,
    quote: n.requirements.map((r) => r.name).join('、'),
    text: n.requirements.map((r) => r.name).join(' '),
    keywords: '工作要求',
  });
  const requirementKeywords: Readonly<Record<string, string>> = {
    'requirement-lead': '加强领导 领导 重视 重要意义 精心组织 周密部署 抓好落实 重要抓手',
    'requirement-effect': '注重实效 实效 效果 检验 落实 创新 成效',
    'requirement-publicity': '广泛宣传 宣传 推广 公众号 报刊 电视 网络 媒体 经验 做法 总结提炼 比学赶超',
  };
  for (const r of n.requirements) {
    push({
      ref: { kind: 'section', id: r.id },
      title: r.name,
      citation: `通知 · ${n.requirementsHeading} · ${r.name}`,
      quote: `${r.name}。${r.text}`,
      text: `${r.name} ${r.text}`,
      keywords: requirementKeywords[r.id] ?? '',
    });
  }
  return items;
}
