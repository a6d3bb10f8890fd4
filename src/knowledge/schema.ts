// The zod schema of the notice data. loadKnowledge() parses NOTICE_DATA with it, so a slip in the
// data (a missing criterion, a criterion filed under the wrong standard, an impossible date) stops
// start-up with a precise message instead of producing wrong answers later.
import { z } from 'zod';

const text = z.string().min(1);

const monthDay = z
  .object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
  .refine((d) => d.day <= new Date(Date.UTC(2001, d.month, 0)).getUTCDate(), '不存在的日期');

const standard = z.object({
  index: z.number().int().min(1).max(6),
  name: z.string().regex(/^\p{Script=Han}{6}好$/u, '一级标准名应为七个汉字、以“好”结尾'),
  criteria: z.array(z.number().int().min(1).max(25)).min(1),
});

const criterion = z.object({
  number: z.number().int().min(1).max(25),
  standard: z.number().int().min(1).max(6),
  text: text.refine((t) => !/^\s*\d+\./.test(t), '条文不应带前导编号').refine((t) => t === t.trim(), '条文首尾不应有空白'),
});

const phase = z.object({
  index: z.number().int().min(1).max(3),
  name: z.string().regex(/阶段$/),
  heading: text,
  start: monthDay,
  end: monthDay,
  tasks: text,
});

const requirement = z.object({
  id: z.string().regex(/^requirement-[a-z]+$/),
  name: text,
  text,
});

export const noticeSchema = z
  .object({
    document: z.object({
      number: z.string().regex(/〔\d{4}〕\d+号$/),
      title: text,
      titleSuffix: text,
      addressee: text,
      issuer: text,
      issuerShort: text,
      date: z.string().regex(/^\d{4}年\d{1,2}月\d{1,2}日$/),
      isoDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      attachment: text,
    }),
    intro: text,
    guiding: z.object({ heading: text, title: text, text }),
    goal: z.object({
      heading: text,
      text,
      shuangqiang: z.tuple([text, text]),
      shuangqiangQuote: text,
    }),
    methodHeading: text,
    phases: z.array(phase).length(3),
    submission: z.object({
      text,
      form: text,
      deadline: monthDay,
      deadlineText: text,
      place: text,
    }),
    requirementsHeading: text,
    requirements: z.array(requirement).length(3),
    contact: z.object({ text, name: text, phone: z.string().regex(/^\d{7,8}$/) }),
    standards: z.array(standard).length(6),
    criteria: z.array(criterion).length(25),
  })
  .superRefine((n, ctx) => {
    const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
    n.standards.forEach((s, i) => {
      if (s.index !== i + 1) issue(`一级标准应按 1..6 排列，第 ${i + 1} 个是 ${s.index}`, ['standards', i]);
    });
    n.criteria.forEach((c, i) => {
      if (c.number !== i + 1) issue(`二级标准应按 1..25 排列，第 ${i + 1} 个是 ${c.number}`, ['criteria', i]);
      const owner = n.standards.find((s) => s.criteria.includes(c.number));
      if (!owner || owner.index !== c.standard) issue(`第${c.number}条的一级标准不一致`, ['criteria', i, 'standard']);
    });
    const listed = n.standards.flatMap((s) => s.criteria);
    if (listed.length !== 25 || listed.some((v, i) => v !== i + 1)) {
      issue('一级标准的条目范围必须连续覆盖 1..25', ['standards']);
    }
    n.phases.forEach((p, i) => {
      if (p.index !== i + 1) issue(`阶段应按 1..3 排列`, ['phases', i]);
      const start = p.start.month * 100 + p.start.day;
      const end = p.end.month * 100 + p.end.day;
      if (end < start) issue(`${p.name}的结束日期早于开始日期`, ['phases', i]);
      const prev = n.phases[i - 1];
      if (prev && prev.end.month * 100 + prev.end.day >= start) issue(`${p.name}与上一阶段重叠`, ['phases', i]);
      if (!p.heading.startsWith(p.name)) issue(`${p.name}的标题应以阶段名开头`, ['phases', i, 'heading']);
    });
    const last = n.phases[n.phases.length - 1];
    if (last && (last.end.month !== n.submission.deadline.month || last.end.day !== n.submission.deadline.day)) {
      issue('报送截止日应为最后一个阶段的结束日', ['submission', 'deadline']);
    }
    if (!n.contact.text.includes(n.contact.name) || !n.contact.text.includes(n.contact.phone)) {
      issue('联系人原文应包含姓名与电话', ['contact']);
    }
    if (!n.submission.text.includes(n.submission.place) || !n.submission.text.includes(n.submission.form)) {
      issue('报送要求原文应包含形式与地点', ['submission']);
    }
  });

export type NoticeData = z.output<typeof noticeSchema>;
export type Requirement = NoticeData['requirements'][number];

/** Parses the notice data; throws an Error listing every problem in Chinese. */
export function parseNotice(data: unknown): NoticeData {
  const parsed = noticeSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`);
    throw new Error(`通知数据有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return parsed.data;
}
