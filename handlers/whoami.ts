// 我的ID: the sender's own `平台:用户ID` (what ADMIN_IDS lists) and the group's id, so a deployer
// can make themselves admin without reading logs.
import { defineCommand } from '../src/bot/command.js';
import { reply } from '../src/core.js';
import { escapeMarkdown } from '../src/text.js';

/** Ids are meant to be copied: a code span keeps `_` and `-` as typed; anything odd is escaped. */
function literal(id: string): string {
  return /^[\w.:=+/-]+$/u.test(id) ? `\`${id}\`` : escapeMarkdown(id);
}

export default defineCommand({
  name: '我的ID',
  aliases: ['whoami'],
  summary: '查看自己的 平台:用户ID（填入 ADMIN_IDS 即成为管理员）和本群的 ID',
  usage: '我的ID',
  example: '我的ID',
  permission: 'everyone',
  run(ctx) {
    const m = ctx.message;
    const name = m.senderName !== undefined && m.senderName !== '' ? `（${escapeMarkdown(m.senderName)}）` : '';
    const lines = [
      `**你的 ID**${name}：${literal(`${m.platform}:${m.senderId}`)}`,
      m.chatType === 'group' ? `**本群 ID**：${literal(m.conversationId)}（${m.platform}）` : '这是单聊，没有群 ID；在群里发送可查看群 ID。',
      `当前身份：${ctx.isAdmin ? '管理员' : '成员'}`,
      '',
      '设为管理员：把上面的 平台:用户ID 加到服务配置 ADMIN_IDS（多个用逗号分隔）后重启服务。',
    ];
    return reply('我的ID', lines.join('\n'));
  },
});
