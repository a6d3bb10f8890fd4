// The Chinese vocabulary of the search engine: the jieba user dictionary (domain terms kept whole),
// stop words, and colloquial synonyms. Entries are general word-level facts about how members talk
// about the campaign, not answers to particular questions; per-item topic words live in items.ts.

/** Terms of the notice's domain that jieba must keep whole (its default dictionary splits them). */
export const DOMAIN_TERMS: readonly string[] = [
  // campaign and document
  '双强六好', '双强', '六好', '党建强', '发展强', '一级标准', '二级标准', '科技社团党委', '科技社团',
  '不懂的地方', '不清楚的地方', '不明白的地方', '有疑问的地方', '看不懂的地方',
  '学会部', '617室', '纸质版', '电子版', '联系人', '指导思想', '目标任务', '方法步骤', '工作要求',
  '文号', '发文单位', '落款', '党建强会', '党建+', '党建+工作理念', '加强领导', '注重实效', '广泛宣传',
  '梁敏', '主送', '政治关', '六有',
  // phases
  '动员部署', '动员部署会', '组织实施', '总结提高', '整改措施', '长效机制',
  // criteria vocabulary
  '走基层', '下基层', '三会一课', '两代表一委员', '社会工作师', '社工证', '民主集中制', '组织生活会',
  '民主生活会', '科学家精神', '党支部书记', '支部书记', '学会负责人', '非党员', '党务干部', '党务工作者',
  '优秀党务工作者', '优秀共产党员', '三八红旗手', '院士专家工作站', '学会服务站', '全国科技工作者日',
  '科技工作者日', '科技工作者', '科普品牌工程', '精准扶贫', '学风建设', '科学道德', '宣讲教育',
  '监事会', '监事', '党内监督', '监督机制', '反腐倡廉', '廉政文化', '廉政', '党性锻炼', '党性分析',
  '民主评议', '民主评议党员', '双重组织生活', '支部大会', '党课', '换届选举', '换届', '领导班子',
  '帮教', '不合格党员', '文体活动', '主题教育', '不忘初心', '牢记使命', '理想信念', '理想信念教育',
  '中国梦', '核心价值观', '社会主义核心价值观', '公序良俗', '规章制度', '三基建设', '学术交流',
  '创新驱动', '学会承能', '政治引领', '战斗堡垒', '先锋模范', '先锋模范作用', '党旗', '学习计划',
  '政治建设', '政治方向', '党性', '党章', '爱岗敬业', '项目风险', '管理漏洞', '建言献策',
  '公共科技服务', '社会责任', '社会治理', '科技强国', '转型升级', '表彰对象', '行业代表', '工作站',
  '科学素质', '思想政治工作', '思想状况', '组织处理', '重大问题', '分工', '活动室', '阵地',
  '学会章程', '章程', '业务知识', '治理结构', '治理方式', '团结凝聚', '凝聚群众', '团结群众',
  '事业发展', '先进文化', '人才成长', '自身建设', '党的建设', '读书', '讲座', '参观学习',
  '不由同一人', '邀请', '标杆', '扶贫地区', '企事业单位', '专家工作站', '党委政府',
  // colloquial forms (synonym keys) kept whole so that they can be mapped
  '找谁', '问谁', '联系谁', '交给谁', '报给谁', '交到哪', '交哪', '交哪儿', '交哪里', '报到哪', '送到哪',
  '对接人', '联系方式', '联系电话', '截止日期', '截止时间', '什么时候', '多长时间', '多久', '几次',
  '一年', '半年', '会长', '副会长', '理事长', '秘书长', '社工', '挂党旗', '标牌',
  // concepts the notice never mentions: kept whole so they are not split into in-scope words
  '党费', '交党费', '入党', '入党申请书', '预备党员', '转正', '组织关系', '发展党员', '积极分子', '流动党员',
  '主题党日', '学习强国', '党员积分', '报销', '差旅费', '工资', '加班费', '年假', '食堂', '天气',
  '停车场', '公积金', '社保', '考勤', '打卡机', '会议室', '快递', '体检', '放假', '请假',
  // money: the notice never mentions funds, fees or pay (no 费, 钱, 薪 in it)
  '经费', '费用', '补贴', '津贴', '补助', '奖金', '会费', '多少钱', '年检',
];

/** Concepts of the criteria glosses (items.ts CRITERION_GLOSS) that jieba would split. */
export const GLOSS_TERMS: readonly string[] = [
  '三重一大', '一言堂', '两张皮', '歪风邪气', '出谋划策', '献计献策', '谈心谈话', '评先评优', '上墙', '说了算',
  '科研诚信', '党外人士', '专家工作站', '院士工作站', '当表率', '冲在前头', '联系不上',
  '两促进', '说不上话', '各干各的', '吃苦在前', '踏实肯干', '没章法', '没规矩', '立规矩', '门外汉', 
  '各管各的', '谁管什么', '职责不清', '大额支出', '大额开支', '没有场地', '专人监督',
  '监督党员',
  // two-character glosses jieba would cut into single characters (dropped): test/knowledge/gloss.test.ts
  '叫上', '上会', '初心', '正能量', '评先进', '喊上', '盯着', '派人', '通气', '跑偏',
];

/**
 * Words that frame a question as one about the notice (条款, 通知里有说法没, 这会儿) rather than say
 * what it is about. They weigh nothing in the confidence; a question that uses them is answered with
 * the closest item and an honest hedge rather than refused (see answerer.ts).
 */
export const FRAME_WORDS: ReadonlySet<string> = new Set([
  '条款', '条文', '说法', '提到', '提及', '涉及', '引用', '具备', '符合', '达标', '这会儿', '那会儿', '这条',
  '那条', '第几条', '几条', '哪项', '哪一项', '这种', '这样', '那样', '各位', '大家好', '您好', '你好', '老师',
  '说法没', '有没有说', '写没写', '管不管', '算是', '原文', '原话', '字面',
  // the parts of the notice one does not follow (不懂的地方问谁): not 第15条's 服务地方
  '不懂的地方', '不清楚的地方', '不明白的地方', '有疑问的地方', '看不懂的地方',
]);

/**
 * Words naming the notice or its standards as a whole. Beside other content words they only frame
 * the question (六好标准里有说法没, 通知里提了没): retrieval then searches the other words.
 */
export const NOTICE_WORDS: ReadonlySet<string> = new Set(['标准', '六好', '一级标准', '二级标准', '通知', '文件', '附件', '条', '好']);

/**
 * The subset of DOMAIN_TERMS the notice never talks about. They must stay whole and are never
 * expanded to sub-words (发展党员 must not count as 发展 + 党员).
 */
export const OUT_OF_SCOPE_TERMS: ReadonlySet<string> = new Set([
  '党费', '交党费', '入党', '入党申请书', '预备党员', '转正', '组织关系', '发展党员', '积极分子', '流动党员',
  '主题党日', '学习强国', '党员积分', '报销', '差旅费', '工资', '加班费', '年假', '食堂', '天气',
  '停车场', '公积金', '社保', '考勤', '打卡机', '快递', '体检', '放假', '请假',
  '经费', '费用', '补贴', '津贴', '补助', '奖金', '会费', '多少钱', '年检', '钱', '费', '房租', '租金', '押金',
]);

/** Function words and question words that carry no topic. Dropped from index and query alike. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '哦', '么', '噢', '哈', '嗯', '是', '有', '在', '和', '与',
  '及', '或', '等', '也', '都', '就', '还', '又', '这', '那', '这个', '那个', '这些', '那些', '这次', '此',
  '我', '我们', '咱们', '咱', '你', '你们', '他', '她', '它', '他们', '大家', '请问', '问一下', '问下',
  '一下', '想', '想问', '知道', '请', '帮', '能', '能不能', '可以', '可不可以', '会', '要', '要不要',
  '需要', '需不需要', '得', '该', '应该', '应当', '必须', '是不是', '是否', '有没有', '什么', '啥',
  '啥子', '咋', '咋办', '怎么', '怎么办', '怎样', '怎么样', '如何', '哪', '哪些', '哪个', '哪条',
  '哪一条', '哪几条', '几条', '条', '第', '个', '说', '讲', '讲的', '说的', '指', '意思', '具体', '内容',
  '规定', '要求', '算', '算不算', '属于', '对应', '哪一个', '搞', '弄', '做', '干', '干啥', '干嘛',
  '做啥', '做什么', '干什么', '情况', '方面', '一些', '有关', '相关', '关于', '对于', '里', '中',
  '上', '下', '吗？', '包括', '包含', '有哪些', '哪几', '几', '呗', '呐', '喔', '不', '没', '没有',
  '行', '行不行', '不行', '可', '好', '多', '一', '个人', '为', '对', '把', '被', '让', '给', '从',
  '到', '向', '以', '将', '按', '按照', '并', '而', '但', '但是', '如果', '因为', '所以', '之', '其',
  '所', '着', '过', '来', '去', '能否', '需', '应', '请教', '一般', '现在', '目前', '时候', '时',
  '啥意思', '什么意思', '是啥', '是什么', '咋回事', '怎么回事', '分别', '一个', '吗？', '没', '不用', '用不用',
  '不要', '怎么弄', '咋弄', '咋整', '怎么搞', '咋搞', '怎么做', '咋做', '那块', '这块', '部分',
  // counting words (一共几方面, 总共有哪些): they ask how many, about nothing
  '一共', '总共', '共计', '一共有', '总共有',
  // personal pronouns in their colloquial and dialect forms (jieba tags some as nouns: 大伙 n)
  '俺', '俺们', '咱俩', '大伙', '大伙儿', '大家伙', '人家', '别人', '自个儿', '自家',
]);

/** Single Han characters that still carry meaning in a query (others are dropped). */
export const MEANINGFUL_SINGLES: ReadonlySet<string> = new Set(['交', '报', '旗', '课', '考', '评', '钱', '费']);

/**
 * Words that say what kind of answer is wanted (a person, a place, a time, a frequency, handing
 * something in) rather than what about. They count half in the confidence: "打卡机坏了找谁" is about
 * the 打卡机, not about the campaign's contact.
 */
export const INTENT_WORDS: ReadonlySet<string> = new Set([
  '交', '报', '上交', '提交', '报送', '交给谁', '报给谁', '交到哪', '交哪', '交哪儿', '交哪里', '报到哪',
  '送到哪', '找谁', '问谁', '联系谁', '咨询谁', '请教谁', '电话', '手机', '号码', '联系方式', '什么时候',
  '啥时候', '何时', '哪天', '几号', '日期', '时间', '多久', '几次', '多长时间', '频率', '一年', '开会',
  '材料', '地点',
]);

/**
 * Colloquial words → the notice's own words (each value is segmented like the index, and every
 * resulting token must exist in the index; a unit test checks this).
 */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // people
  不是党员: ['非党员'],
  党外: ['非党员'],
  会长: ['学会负责人'],
  副会长: ['学会负责人'],
  理事长: ['学会负责人'],
  秘书长: ['学会负责人'],
  书记: ['支部书记'],
  // 走基层
  下基层: ['走基层'],
  去基层: ['走基层'],
  到基层: ['走基层'],
  企业: ['企事业单位'],
  贫困村: ['扶贫地区'],
  扶贫村: ['扶贫地区'],
  扶贫: ['扶贫地区'],
  // qualifications
  社工证: ['社会工作师'],
  社工: ['社会工作师'],
  考证: ['报考'],
  考: ['报考'],
  // premises and signs
  活动室: ['场所', '设施'],
  阵地: ['场所'],
  场地: ['场所'],
  办公室: ['场所'],
  挂党旗: ['党旗'],
  旗: ['党旗'],
  标牌: ['标识'],
  牌子: ['标识'],
  报纸: ['书报'],
  书刊: ['书报'],
  // submission and contact
  交: ['报'],
  上交: ['报'],
  提交: ['报'],
  报送: ['报'],
  交给谁: ['报', '学会部'],
  报给谁: ['报', '学会部'],
  交到哪: ['报', '学会部'],
  交哪: ['报', '学会部'],
  交哪儿: ['报', '学会部'],
  交哪里: ['报', '学会部'],
  报到哪: ['报', '学会部'],
  送到哪: ['报', '学会部'],
  // the form it is handed in: on paper (打印出来送过去, 发邮件行不行: the rule says 纸质版)
  打印: ['纸质版'],
  纸版: ['纸质版'],
  电子稿: ['电子版'],
  邮件: ['电子版'],
  发邮件: ['电子版'],
  发邮箱: ['电子版'],
  电子邮件: ['电子版'],
  梁老师: ['梁敏'],
  找谁: ['联系人'],
  找哪位: ['联系人'],
  问哪位: ['联系人'],
  问谁: ['联系人'],
  联系谁: ['联系人'],
  咨询谁: ['联系人'],
  请教谁: ['联系人'],
  对接人: ['联系人'],
  联系方式: ['联系人'],
  联系电话: ['联系人'],
  电话: ['联系人'],
  手机: ['联系人'],
  号码: ['联系人'],
  // time and frequency (pseudo-words carried by items' keywords)
  什么时候: ['时间'],
  啥时候: ['时间'],
  何时: ['时间'],
  哪天: ['时间'],
  几号: ['时间'],
  日期: ['时间'],
  截止日期: ['截止'],
  截止时间: ['截止'],
  截至: ['截止'],
  最晚: ['截止'],
  // English words typed in Chinese chat
  deadline: ['截止'],
  ddl: ['截止'],
  多久: ['频次'],
  几次: ['频次'],
  多长时间: ['频次'],
  频率: ['频次'],
  一年: ['频次'],
  半年: ['每半年'],
  // meetings and study
  开会: ['召开', '会议'],
  党日: ['组织生活'],
  党章学习: ['学习党章'],
  必修课: ['必备课程'],
  // short forms of the notice's own names (优秀党员 for 优秀共产党员, 支书 for 支部书记)
  优秀党员: ['优秀共产党员'],
  支书: ['支部书记'],
  一把手: ['学会负责人'],
  // misc colloquial
  评优: ['表彰对象'],
  评先: ['表彰对象'],
  评: ['表彰对象'],
  廉洁: ['廉政'],
  伤风败俗: ['公序良俗'],
  反腐: ['反腐倡廉'],
  运动会: ['文体活动'],
  比赛: ['文体活动'],
  合唱: ['文体活动'],
  文艺: ['文体活动'],
  体育: ['文体活动'],
  决策: ['讨论决定'],
  不合格: ['不合格党员'],
  发给: ['主送'],
  针对: ['对象'],
  要考: ['报考'],
  为什么: ['目的'],
  为啥: ['目的'],
  为何: ['目的'],
};
