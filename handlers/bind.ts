// 绑定: ties a group to a branch (or to the committee). Binding is for admins; anyone may look.
import { shanghaiDate } from '../src/time.js';
import { defineCommand, Refusal, UsageError } from '../src/bot/command.js';
import { reply } from '../src/bot/message.js';
import type { BindingTarget } from '../src/store/types.js';
import { groupOf, NOT_BOUND } from './support.js';

export const COMMITTEE = '委员会';

export function normalizeBranch(raw: string): string {
  return raw.replace(/[\s\u3000]+/gu, ' ').trim();
}

export default defineCommand({
  name: '绑定',
  aliases: ['bind'],
  summary: '查看本群绑定的支部；管理员可把本群绑定到支部或“委员会”',
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
    if (!ctx.isAdmin) throw new Refusal('只有管理员可以绑定群。请联系管理员操作。');
    const name = normalizeBranch(args);
    if ([...name].length > 40) throw new UsageError('支部名称太长（最多 40 个字）。');
    if (/[\r\n<>`*#[\]]/u.test(name)) throw new UsageError('支部名称不能包含换行或 < > ` * # [ ] 等符号。');
    const target: BindingTarget = name === COMMITTEE ? { kind: 'committee' } : { kind: 'branch', branch: name };
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
