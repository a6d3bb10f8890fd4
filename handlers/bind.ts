// 绑定: ties a group to a branch (or to the committee). Anyone may look. An admin listed in
// ADMIN_IDS binds at once; a group admin (the platform's isAdmin) may only ask: the request goes
// to the committee group, where an ADMIN_IDS admin answers 批准 / 拒绝 (see decide.ts).
import { shanghaiDate } from '../src/time.js';
import { defineCommand, type HandlerContext } from '../src/bot/command.js';
import type { BindingTarget } from '../src/store/types.js';
import { createRequest } from './bind-requests.js';
import { groupOf, NOT_BOUND } from './support.js';
import { Refusal, reply, type Reply, UsageError } from '../src/core.js';
import { escapeMarkdown } from '../src/text.js';

export const COMMITTEE = '委员会';

export function normalizeBranch(raw: string): string {
  return raw.replace(/[\s\u3000]+/gu, ' ').trim();
}

export default defineCommand({
  name: '绑定',
  aliases: ['bind'],
  summary: '查看本群绑定的支部；管理员可把本群绑定到支部或“委员会”，群管理员可申请绑定到支部',
  usage: '绑定 [支部名称|委员会]',
  example: '绑定 省化学会党支部',
  permission: 'everyone',
  async run(ctx, args) {
    const group = groupOf(ctx);
    if (args === '') {
      const binding = await ctx.store.getBinding(group);
      if (!binding) return reply('绑定', NOT_BOUND);
      const what = binding.target.kind === 'committee' ? '委员会（可查看全部支部）' : `支部“${binding.target.branch}”`;
      return reply('绑定', `本群已绑定到${what}，${shanghaiDate(new Date(binding.boundAt))} 绑定。`);
    }
    if (!ctx.isGroupAdmin) throw new Refusal('只有管理员可以绑定群。请联系管理员操作。');
    const name = normalizeBranch(args);
    if ([...name].length > 40) throw new UsageError('支部名称太长（最多 40 个字）。');
    if (/[\r\n<>`*#[\]]/u.test(name)) throw new UsageError('支部名称不能包含换行或 < > ` * # [ ] 等符号。');
    const target: BindingTarget = name === COMMITTEE ? { kind: 'committee' } : { kind: 'branch', branch: name };
    if (!ctx.isAdmin) {
      if (target.kind === 'committee') throw new Refusal('绑定为委员会群只能由系统管理员（ADMIN_IDS）操作。');
      return requestBinding(ctx, name);
    }
    await ctx.store.setBinding({
      group,
      target,
      ...(ctx.message.conversationTitle !== undefined ? { groupTitle: ctx.message.conversationTitle } : {}),
      boundBy: ctx.message.senderId,
      boundAt: ctx.now.toISOString(),
    });
    if (target.kind === 'committee') {
      return reply('绑定', '已把本群绑定为**委员会**群：可以使用“汇总”“导出”查看各支部的上报情况。');
    }
    return reply('绑定', `已把本群绑定到支部“**${name}**”。支部成员现在可以上报活动，例如：上报 昨天组织8名党员到企业开展走基层服务`);
  },
});

/** A group admin's 绑定 <支部>: stored as a request and shown to the committee groups. */
async function requestBinding(ctx: HandlerContext, branch: string): Promise<Reply> {
  const { message } = ctx;
  const code = await createRequest(ctx.store, {
    group: groupOf(ctx),
    ...(message.conversationTitle !== undefined ? { groupTitle: message.conversationTitle } : {}),
    branch,
    by: `${message.platform}:${message.senderId}`,
    ...(message.senderName !== undefined ? { byName: message.senderName } : {}),
    at: ctx.now.toISOString(),
  });
  const title = message.conversationTitle ?? message.conversationId;
  const notice = reply(
    '绑定申请',
    [
      `**绑定申请 ${code}**：群“${escapeMarkdown(title)}”申请绑定到支部“**${branch}**”（申请人：${escapeMarkdown(message.senderName ?? message.senderId)}）。`,
      '',
      `管理员（ADMIN_IDS）在委员会群发送“批准 ${code}”或“拒绝 ${code}”。`,
    ].join('\n'),
  );
  const committees = (await ctx.store.listBindings()).filter((b) => b.target.kind === 'committee');
  const sent = await Promise.all(committees.map(async (b) => (await ctx.push.send(b.group, notice)).status === 'sent'));
  const shown = sent.some(Boolean) ? '已通知委员会群' : '委员会群还没有推送地址，请把申请编号告诉委员会';
  return reply(
    '绑定申请',
    `只有系统管理员（ADMIN_IDS）可以直接绑定。已提交申请 **${code}**：把本群绑定到支部“**${branch}**”，${shown}；委员会批准后生效，结果会通知本群。`,
  );
}
