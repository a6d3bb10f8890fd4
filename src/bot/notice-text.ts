// The notice's items as chat replies: verbatim quotes with a citation, in the markdown subset both
// platforms render (bold, `>` quotes, `- ` lists). Used for answers (answer-text.ts), 标准, 阶段 and
// the reminders. The functions use only the public interface of `Knowledge`.
import { reply, type Reply } from '../core.js';
import { positionOn } from '../knowledge/calendar.js';
import type { CampaignCalendar, Criterion, Knowledge, Phase, QuotedItem, Standard } from '../knowledge/types.js';
import { cite, excerpt, fullDate, monthDay, quote } from '../text.js';
import { daysBetween, shanghaiDate } from '../time.js';

export function criterionCitation(k: Knowledge, c: Criterion): string {
  return `附件第${c.number}条 · ${k.standardOf(c.number).name}`;
}

export function standardRange(s: Standard): string {
  const first = s.criteria[0];
  const last = s.criteria[s.criteria.length - 1];
  return first === last ? `第${first}条` : `第${first}–${last}条`;
}

/** The notice's own phase heading, e.g. 动员部署阶段（9月10-9月20日）. */
export function phaseHeading(p: Phase): string {
  const [sm, sd] = [Number(p.start.slice(5, 7)), Number(p.start.slice(8, 10))];
  const [em, ed] = [Number(p.end.slice(5, 7)), Number(p.end.slice(8, 10))];
  return `${p.name}（${sm}月${sd}-${em}月${ed}日）`;
}

/** A lead, then a verbatim text as a block quote with its citation: how every item is quoted. */
function quoted(lead: readonly string[], text: string, citation: string): string[] {
  return [...lead, '', quote(text), '', cite(citation)];
}

/** A lead, then the phase's own text (heading and tasks) with its citation. */
function phaseQuoted(lead: readonly string[], p: Phase): string[] {
  return quoted(lead, phaseQuote(p), `通知 · 三、方法步骤 · ${p.name}`);
}

export function phaseQuote(p: Phase): string {
  return `${p.index}、${phaseHeading(p)}。${p.tasks}`;
}

export function phaseSpan(p: Phase): string {
  return `${monthDay(p.start)}—${monthDay(p.end)}`;
}

export function formatCriterion(k: Knowledge, n: number, related: string[] = []): Reply {
  const c = k.criterion(n);
  if (!c) return formatCriterionOutOfRange(n);
  const std = k.standardOf(n);
  const lines = [`**${cite(criterionCitation(k, c))}**`, '', quote(`${c.number}.${c.text}`)];
  if (related.length > 0) lines.push('', '相关：', ...related.map((r) => `- ${r}`));
  return reply(`第${n}条 · ${std.name}`, lines.join('\n'));
}

export function formatCriterionOutOfRange(n: number): Reply {
  const which = Number.isSafeInteger(n) && n < 10_000 ? `第${n}条` : '这一条';
  return reply(
    '没有这一条',
    [
      `附件的二级标准共 25 条（第1–25条），没有${which}。`,
      '',
      '发送「标准」查看六个一级标准及各自的条目范围，发送「标准 7」查看第7条。',
    ].join('\n'),
  );
}

export function formatStandard(k: Knowledge, index: number): Reply {
  const s = k.standards.find((x) => x.index === index);
  if (!s) throw new Error(`没有第${index}个一级标准`);
  const quoted = s.criteria.map((n) => {
    const c = k.criterion(n);
    return `> ${n}.${c?.text ?? ''}`;
  });
  // An empty quote line between criteria keeps them as separate paragraphs.
  const body = [`**${cite(`附件 · 一级标准“${s.name}”（${standardRange(s)}）`)}**`, '', quoted.join('\n>\n')].join('\n');
  return reply(`${s.name}（${standardRange(s)}）`, body);
}

export function formatStandards(k: Knowledge): Reply {
  const lines = [
    '**“六好”党组织标准：六个一级标准、25条二级标准**',
    '',
    ...k.standards.map((s) => `- **${s.name}**：${standardRange(s)}`),
    '',
    cite('附件 · 省科协所属学会、协会、研究会创建“六好”党组织标准'),
    '',
    '发送「标准 7」查看某一条，发送「标准 自身建设」查看某一好的全部条目。',
  ];
  return reply('“六好”标准', lines.join('\n'));
}

function statusOf(p: Phase, today: string): string {
  if (today < p.start) return `尚未开始，还有 ${daysBetween(today, p.start)} 天开始`;
  if (today > p.end) return '已结束';
  const left = daysBetween(today, p.end);
  return left === 0 ? '正在进行，今天是最后一天' : `正在进行，还剩 ${left} 天（含今天共 ${left + 1} 天）`;
}

function submissionLine(calendar: CampaignCalendar, date: string): string {
  const s = calendar.submission;
  const left = daysBetween(date, s.deadline);
  const when = left > 0 ? `，距截止还有 ${left} 天` : left === 0 ? '，今天截止' : '';
  return `总结（${s.form}）须于 **${fullDate(s.deadline)}前** 报 **${s.place}**${when}。`;
}

/** The phase a date falls in (or the nearest one outside the campaign), with its tasks. */
export function formatPhaseOn(k: Knowledge, date: string, now: Date): Reply {
  const cal = k.calendar;
  const today = shanghaiDate(now);
  const label = date === today ? `今天（${fullDate(date)}）` : fullDate(date);
  const pos = positionOn(cal, date);
  const lines: string[] = [];
  let title: string;
  if (pos.kind === 'in') {
    const p = pos.phase;
    title = `${p.name}（${phaseSpan(p)}）`;
    const left = pos.daysLeft === 0 ? '今天是本阶段最后一天' : `距本阶段结束还有 ${pos.daysLeft} 天`;
    lines.push(...phaseQuoted([`**${label}处于第${p.index}阶段：${p.name}**（${phaseSpan(p)}，第 ${pos.dayNumber} 天），${left}。`], p));
    if (p.index === cal.phases.length && date <= cal.submission.deadline) lines.push('', submissionLine(cal, date));
  } else if (pos.kind === 'before') {
    const p = pos.next;
    title = `活动尚未开始 · 下一阶段：${p.name}`;
    const lead = [
      `**${label}不在${cal.year}年“双强六好”活动期内**，活动 ${monthDay(cal.phases[0]?.start ?? p.start)} 开始。`,
      `下一个阶段是**${p.name}**（${phaseSpan(p)}），还有 ${pos.daysUntil} 天开始。`,
    ];
    lines.push(...phaseQuoted(lead, p));
  } else {
    const p = pos.last;
    title = `活动已结束 · 最后阶段：${p.name}`;
    const lead = [`**${label}不在${cal.year}年“双强六好”活动期内**，活动已于 ${fullDate(p.end)} 结束。`, `最后一个阶段是**${p.name}**（${phaseSpan(p)}）。`];
    lines.push(...phaseQuoted(lead, p));
  }
  return reply(title, lines.join('\n'));
}

/** One named phase with its dates for the campaign year and where it stands today. */
export function formatPhase(k: Knowledge, index: number, now: Date): Reply {
  const cal = k.calendar;
  const p = cal.phases.find((x) => x.index === index);
  if (!p) throw new Error(`没有第${index}阶段`);
  const today = shanghaiDate(now);
  const lines = phaseQuoted([`**第${p.index}阶段：${p.name}**（${fullDate(p.start)}—${monthDay(p.end)}），${statusOf(p, today)}。`], p);
  if (p.index === cal.phases.length && today <= cal.submission.deadline) lines.push('', submissionLine(cal, today));
  return reply(`${p.name}（${phaseSpan(p)}）`, lines.join('\n'));
}

/** All phases with their dates and where today stands. */
export function formatPhases(k: Knowledge, now: Date): Reply {
  const cal = k.calendar;
  const today = shanghaiDate(now);
  const pos = positionOn(cal, today);
  const where =
    pos.kind === 'in'
      ? `今天（${monthDay(today)}）处于**${pos.phase.name}**，距本阶段结束还有 ${pos.daysLeft} 天。`
      : pos.kind === 'before'
        ? `今天（${monthDay(today)}）活动尚未开始，还有 ${pos.daysUntil} 天进入**${pos.next.name}**。`
        : `今天（${monthDay(today)}）${cal.year}年的活动已结束。`;
  const lines = [
    `**${cal.year}年“双强六好”活动分三个阶段：**`,
    '',
    ...cal.phases.map((p) => `- 第${p.index}阶段 **${p.name}**：${phaseSpan(p)}`),
    '',
    where,
    '',
    quote(cal.phases.map((p) => `${p.index}、${phaseHeading(p)}`).join('\n')),
    '',
    cite('通知 · 三、方法步骤'),
    '',
    '发送「阶段 11月5日」查看某天所处阶段和任务。',
  ];
  return reply('方法步骤（三个阶段）', lines.join('\n'));
}

/** The submission rule; `asked`: a date the member asks about (再交还来得及吗), measured against the deadline. */
export function formatSubmission(k: Knowledge, now: Date, asked?: string): Reply {
  const cal = k.calendar;
  const lines = quoted(
    [`**总结报送：${cal.submission.form}，${fullDate(cal.submission.deadline)}前报${cal.submission.place}**`],
    cal.submission.text,
    `通知 · 三、方法步骤 · ${cal.phases[cal.phases.length - 1]?.name ?? ''}`,
  );
  const today = shanghaiDate(now);
  if (asked !== undefined) {
    const late = asked > cal.submission.deadline;
    lines.push('', late ? `**${fullDate(asked)}已经过了截止日期（${fullDate(cal.submission.deadline)}）**，通知没有说逾期还能不能交，请问联系人。` : `${fullDate(asked)}还在截止日期（${fullDate(cal.submission.deadline)}）之前。`);
  }
  if (today <= cal.submission.deadline && today.slice(0, 4) === String(cal.year)) lines.push('', submissionLine(cal, today));
  else if (today > cal.submission.deadline) lines.push('', `**截止日期（${fullDate(cal.submission.deadline)}）已经过了**，今天是${fullDate(today)}。`);
  return reply('总结报送', lines.join('\n'));
}

/** “双强”: the goal the campaign's name starts with, quoted from the notice. */
export function formatShuangqiang(k: Knowledge): Reply {
  const goal = k.notice.goal;
  const [a, b] = goal.shuangqiang;
  const lead = `**“双强”指${a}、${b}**：“双强六好”党组织建设以${goal.shuangqiangQuote}为目标，以“六好”（六个一级标准）为标准。`;
  const lines = [...quoted([lead], goal.text, '通知 · 目标任务'), '', '发送「标准」查看“六好”。'];
  return reply('双强：党建强、发展强', lines.join('\n'));
}

/** A section of the notice (联系人, 文号, 工作要求, or any other quoted as it stands). */
export function formatSection(k: Knowledge, item: QuotedItem): Reply {
  const n = k.notice;
  if (item.ref.kind === 'section' && item.ref.id === 'contact') {
    return reply(
      `联系人：${n.contact.name} ${n.contact.phone}`,
      quoted([`**联系人：${n.contact.name}，电话 ${n.contact.phone}**`], n.contact.text, item.citation).join('\n'),
    );
  }
  if (item.ref.kind === 'section' && item.ref.id === 'document') {
    const d = n.document;
    return reply(
      d.number,
      [
        `**${d.title}通知**`,
        '',
        `- 文号：${d.number}`,
        `- 发文单位：${d.issuer}（${d.issuerShort}）`,
        `- 日期：${d.date}`,
        `- 主送：${d.addressee}`,
        `- 附件：${d.attachment}`,
        '',
        cite(item.citation),
      ].join('\n'),
    );
  }
  if (item.ref.kind === 'section' && item.ref.id === 'requirements') {
    return reply(
      '工作要求',
      [
        `**工作要求共三条：${n.requirements.map((r) => r.name).join('、')}**`,
        '',
        n.requirements.map((r) => quote(`${r.name}。${r.text}`)).join('\n>\n'),
        '',
        cite(item.citation),
      ].join('\n'),
    );
  }
  return reply(item.title, [`**${cite(item.citation)}**`, '', quote(item.quote)].join('\n'));
}

/** A one-line pointer to an item: 第7条（团结凝聚群众好）：每半年至少组织党员开展一次走基… */
export function pointerTo(k: Knowledge, item: QuotedItem): string {
  if (item.ref.kind === 'criterion') {
    const std = k.standardOf(item.ref.number);
    return `第${item.ref.number}条（${std.name}）：${excerpt(item.text)}`;
  }
  return `${item.title}：${excerpt(item.quote)}`;
}
