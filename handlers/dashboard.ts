// 看板 (committee group only): a signed, expiring link to the web dashboard of every branch.
import { defineCommand } from '../src/bot/command.js';
import { publicBaseUrl } from '../src/config.js';
import { linkLifetime } from './support.js';
import { reply } from '../src/core.js';

export default defineCommand({
  name: '看板',
  aliases: ['dashboard'],
  summary: '各支部情况网页看板（时间轴、六好标准矩阵、走基层、下载），链接限时有效',
  usage: '看板',
  example: '看板',
  permission: 'committee',
  run(ctx) {
    const token = ctx.dashboardLinks.issue({ kind: 'committee' }, ctx.now);
    return reply(
      '看板',
      `各支部“双强六好”工作看板：\n\n${publicBaseUrl(ctx.config)}/d/${token}\n\n链接${linkLifetime(ctx.config.DASHBOARD_TTL_MINUTES)}内有效，凭链接即可查看全部支部，请勿转发到其他群。`,
    );
  },
});
