// Half-yearly 走基层 (criterion 7: at least once every half-year): in the last two months of each
// half-year, remind every bound branch with no 走基层 report dated in the current half-year.
// Branches that have done it are left alone. Committee groups get a one-line overview.
import { GRASSROOTS_CRITERION, branchStandings, type GrassrootsStatus } from '../src/reports/progress.js';
import { compareChinese } from '../src/store/schema.js';
import { isValidDate } from '../src/time.js';
import { at, branchBindings, committeeBindings, reminderMessage } from './messages.js';
import type { Delivery, JobContext, Occurrence, ReminderJob } from '../src/reminders/types.js';
import { criterionCitation } from '../src/bot/notice-text.js';
import { monthDay, quote } from '../src/text.js';

const job: ReminderJob = {
  name: 'grassroots',
  occurrences(year, { settings }) {
    const s = settings.grassroots;
    if (!s.enabled) return [];
    return s.dates.flatMap((md): Occurrence[] => {
      const date = `${year}-${md}`;
      if (!isValidDate(date)) return []; // 02-29 outside leap years
      return [{ id: `${date}:grassroots`, job: 'grassroots', date, time: s.time, at: at(date, s.time), title: '走基层提醒（本半年尚未开展的支部）' }];
    });
  },
  async deliveries(_occurrence, ctx) {
    const out: Delivery[] = [];
    const bound = branchBindings(ctx.bindings);
    const branches = [...new Set(bound.map((b) => b.branch))];
    const statusOf = new Map<string, GrassrootsStatus>();
    for (const s of await branchStandings(ctx.store, branches, ctx.today)) statusOf.set(s.branch, s.grassroots);
    for (const { binding, branch } of bound) {
      const status = statusOf.get(branch);
      if (status && status.count === 0) out.push({ group: binding.group, label: branch, reply: branchMessage(ctx, status) });
    }
    if (ctx.settings.committee.enabled && statusOf.size > 0) {
      const reply = committeeMessage(ctx, statusOf);
      for (const binding of committeeBindings(ctx.bindings)) out.push({ group: binding.group, label: '委员会', reply });
    }
    return out;
  },
  reaches: (target, settings) => target.kind === 'branch' || settings.committee.enabled,
};

function citation(ctx: JobContext): string {
  const c = ctx.knowledge.criterion(GRASSROOTS_CRITERION);
  return c ? criterionCitation(ctx.knowledge, c) : `附件第${GRASSROOTS_CRITERION}条`;
}

function branchMessage(ctx: JobContext, status: GrassrootsStatus): ReturnType<typeof reminderMessage> {
  const c = ctx.knowledge.criterion(GRASSROOTS_CRITERION);
  const rule = c ? `${GRASSROOTS_CRITERION}.${c.text.split('，')[0] ?? c.text}。` : '每半年至少组织党员开展一次走基层服务活动。';
  return reminderMessage(
    `本半年还没有走基层记录（还剩 ${status.daysLeft} 天）`,
    [quote(rule), '', `${status.halfYear.label}到 ${monthDay(status.halfYear.end)}结束，本支部还没有上报走基层活动。`],
    citation(ctx),
    '完成后发送：上报 <日期> 组织<人数>名党员到<地点>开展走基层服务，例如：上报 昨天 组织8名党员到社区开展走基层服务',
  );
}

function committeeMessage(ctx: JobContext, statusOf: Map<string, GrassrootsStatus>): ReturnType<typeof reminderMessage> {
  const pending = [...statusOf].filter(([, s]) => s.count === 0).map(([b]) => b).sort(compareChinese);
  const done = statusOf.size - pending.length;
  const any = [...statusOf.values()][0];
  const left = any ? `${any.halfYear.label}还剩 ${any.daysLeft} 天` : '';
  const line =
    pending.length === 0
      ? `各支部本半年都已开展走基层（${done} 个）✅`
      : `已开展 ${done} 个支部；未开展 ${pending.length} 个（${pending.join('、')}），已向其群发送提醒。`;
  return reminderMessage(`走基层进度：${left}`, [line], citation(ctx), '查看各支部详情发送：汇总');
}

export default job;
