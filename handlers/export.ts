// 导出 (committee group only): a link to a CSV of all reports, valid for a limited time.
import { defineCommand } from '../src/bot/command.js';
import { reply } from '../src/bot/message.js';
import { publicBaseUrl } from '../src/config.js';

export default defineCommand({
  name: '导出',
  aliases: ['export'],
  summary: '导出全部上报记录（CSV，可用 Excel 打开），链接限时有效',
  usage: '导出',
  example: '导出',
  permission: 'committee',
  run(ctx) {
    const token = ctx.exportTokens.issue(ctx.now);
    const minutes = ctx.config.EXPORT_TTL_MINUTES;
    return reply('导出', `全部上报记录（CSV）：\n\n${publicBaseUrl(ctx.config)}/export/${token}.csv\n\n链接 ${minutes} 分钟内有效，请勿转发到其他群。`);
  },
});
