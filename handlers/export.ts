// 导出 (committee group only): links to the Excel workbook and the CSV of all reports, valid for a
// limited time.
import { defineCommand } from '../src/bot/command.js';
import { publicBaseUrl } from '../src/config.js';
import { reply } from '../src/core.js';

export default defineCommand({
  name: '导出',
  aliases: ['export'],
  summary: '导出全部上报记录（Excel 工作簿：记录、标准覆盖、走基层、三会一课、修改记录；另有 CSV），链接限时有效',
  usage: '导出',
  example: '导出',
  permission: 'committee',
  run(ctx) {
    const token = ctx.exportTokens.issue(ctx.now);
    const minutes = ctx.config.EXPORT_TTL_MINUTES;
    const base = `${publicBaseUrl(ctx.config)}/export/${token}`;
    return reply(
      '导出',
      [
        `Excel 工作簿（记录、标准覆盖、走基层、三会一课、修改记录）：\n\n${base}.xlsx`,
        `全部上报记录（CSV）：\n\n${base}.csv`,
        `链接 ${minutes} 分钟内有效，请勿转发到其他群。`,
      ].join('\n\n'),
    );
  },
});
