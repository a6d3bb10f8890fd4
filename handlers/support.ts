// What several handlers need: the current group, and the branch it is bound to.
import type { HandlerContext } from '../src/bot/command.js';
import type { Binding, Report } from '../src/store/types.js';
import { branchStanding, type BranchStanding } from '../src/reports/progress.js';
import { shanghaiDate } from '../src/time.js';
import { parseNumeral } from '../src/knowledge/numerals.js';
import { type GroupRef, Refusal } from '../src/core.js';

export function groupOf(ctx: HandlerContext): GroupRef {
  return { platform: ctx.message.platform, conversationId: ctx.message.conversationId };
}

export function today(ctx: HandlerContext): string {
  return shanghaiDate(ctx.now);
}

export const NOT_BOUND = '本群还没有绑定支部。请管理员发送：绑定 <支部名称>，例如“绑定 省化学会党支部”。';

/** 24 小时 / 3 天 / 90 分钟: how long a link lives, for replies. */
export function linkLifetime(minutes: number): string {
  if (minutes % 1440 === 0 && minutes > 1440) return `${minutes / 1440} 天`;
  if (minutes % 60 === 0) return `${minutes / 60} 小时`;
  return `${minutes} 分钟`;
}

/** The branch this group records for; refuses politely in unbound and committee groups. */
export async function requireBranch(ctx: HandlerContext): Promise<{ branch: string; binding: Binding }> {
  const binding = await ctx.store.getBinding(groupOf(ctx));
  if (!binding) throw new Refusal(NOT_BOUND);
  if (binding.target.kind !== 'branch') {
    throw new Refusal('本群是委员会群，不属于某个支部。请在支部群中使用此命令；委员会可用“汇总”“导出”查看各支部情况。');
  }
  return { branch: binding.target.branch, binding };
}

/** This group's branch standing, as 进度 and 总结 read it (from aggregates, not records). */
export async function groupStanding(ctx: HandlerContext): Promise<BranchStanding> {
  const { branch } = await requireBranch(ctx);
  return branchStanding(ctx.store, branch, today(ctx));
}

/**
 * Only the reporter or an admin (ADMIN_IDS) may change or undo a report. A user id is unique on
 * one platform only: the reporter is the same id on the platform the report came from.
 */
export function mayChange(ctx: HandlerContext, report: Report): boolean {
  const reporter = report.reporterId === ctx.message.senderId && report.group.platform === ctx.message.platform;
  return reporter || ctx.isAdmin;
}

/** Who made a change, for the audit log. */
export function actor(ctx: HandlerContext): { by: string; byName?: string; at: string } {
  return {
    by: ctx.message.senderId,
    ...(ctx.message.senderName !== undefined ? { byName: ctx.message.senderName } : {}),
    at: ctx.now.toISOString(),
  };
}

/** A record number as users write it: 12, #12, ＃12, 12号, 十二. */
export function recordNumber(raw: string): number | undefined {
  const n = parseNumeral(raw.replace(/^[#＃]|号$/gu, '').trim());
  return n !== undefined && n >= 1 ? n : undefined;
}
