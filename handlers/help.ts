// 帮助: generated from the command declarations, so it can never drift from what the bot accepts.
import { defineCommand, type CommandSpec } from '../src/bot/command.js';
import { reply, UsageError } from '../src/core.js';
import { escapeMarkdown } from '../src/text.js';

const WHO: Record<CommandSpec['permission'], string> = {
  everyone: '',
  admin: '（群管理员）',
  committee: '（委员会群·系统管理员）',
};

export default defineCommand({
  name: '帮助',
  aliases: ['help', '菜单', '?', '？'],
  summary: '查看全部命令，或某个命令的用法',
  usage: '帮助 [命令]',
  example: '帮助 上报',
  permission: 'everyone',
  run(ctx, args) {
    const visible = ctx.commands.filter((c) => !c.hidden);
    if (args !== '') {
      const name = args.replace(/^[/／]/u, '').toLowerCase();
      const command = visible.find((c) => [c.name, ...c.aliases].some((n) => n.toLowerCase() === name));
      if (!command) throw new UsageError(`没有“${escapeMarkdown(args)}”这个命令。`);
      const aliases = command.aliases.length > 0 ? `\n\n别名：${command.aliases.join('、')}` : '';
      return reply(`帮助：${command.name}`, `**${command.name}**${WHO[command.permission]}：${command.summary}\n\n用法：${command.usage}\n\n例如：${command.example}${aliases}`);
    }
    const lines = visible.map((c) => `- **${c.usage}**${WHO[c.permission]}：${c.summary}（例：${c.example}）`);
    return reply(
      '党建助手帮助',
      ['**党建助手** · “双强六好”党组织建设工作', '', '直接提问即可，例如：第7条、下基层一年几次、总结交给谁。', '', ...lines].join('\n'),
    );
  },
});
