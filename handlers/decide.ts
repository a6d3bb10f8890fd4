// 批准 / 拒绝: an ADMIN_IDS admin in the committee group answers a binding request (绑定 by a
// group admin). Approval binds the group; either way the requesting group is told when it has a
// push channel, and the admin sees what was decided.
import { defineCommand, type CommandSpec, type HandlerContext } from '../src/bot/command.js';
import { decide, readRequest } from './bind-requests.js';
import { Refusal, reply, type Reply, UsageError } from '../src/core.js';

async function answer(ctx: HandlerContext, args: string, approved: boolean): Promise<Reply> {
  const code = args.trim().toLowerCase();
  if (code === '') throw new UsageError('请写上申请编号。');
  const request = await readRequest(ctx.store, code);
  if (!request) throw new Refusal(`没有编号为“${code.slice(0, 12).replace(/[^a-z0-9]/gu, '')}”的绑定申请。`);
  const verb = approved ? '批准' : '拒绝';
  const { stands, ours } = await decide(ctx.store, code, { approved, by: `${ctx.message.platform}:${ctx.message.senderId}`, at: ctx.now.toISOString() });
  if (!ours) return reply(verb, `申请 ${code} 已经被${stands.approved ? '批准' : '拒绝'}过（${stands.at.slice(0, 10)}），没有再改动。`);
  if (approved) {
    await ctx.store.setBinding({
      group: request.group,
      target: { kind: 'branch', branch: request.branch },
      ...(request.groupTitle !== undefined ? { groupTitle: request.groupTitle } : {}),
      boundBy: ctx.message.senderId,
      boundAt: ctx.now.toISOString(),
    });
  }
  const told = await ctx.push.send(
    request.group,
    reply('绑定申请', approved ? `委员会已批准绑定申请 ${code}：本群已绑定到支部“**${request.branch}**”。` : `委员会没有批准绑定申请 ${code}（支部“${request.branch}”）。如有疑问请联系委员会。`),
  );
  const note = told.status === 'sent' ? '已通知申请的群。' : '申请的群没有推送地址，请另行告知。';
  return reply(verb, `已${verb}申请 ${code}：${approved ? '群已绑定到' : '不绑定到'}支部“**${request.branch}**”。${note}`);
}

export const approve: CommandSpec = defineCommand({
  name: '批准',
  aliases: ['approve'],
  summary: '批准群管理员提交的绑定申请',
  usage: '批准 <申请编号>',
  example: '批准 k3m9qa',
  permission: 'committee',
  run: (ctx, args) => answer(ctx, args, true),
});

export const refuse: CommandSpec = defineCommand({
  name: '拒绝',
  aliases: ['deny'],
  summary: '拒绝群管理员提交的绑定申请',
  usage: '拒绝 <申请编号>',
  example: '拒绝 k3m9qa',
  permission: 'committee',
  run: (ctx, args) => answer(ctx, args, false),
});
