// 进度: where the branch stands on the six standards, 走基层 this half-year, and the phase.
import { defineCommand } from '../src/bot/command.js';
import { publicBaseUrl } from '../src/config.js';
import { grassrootsLine, phaseLine, standardLines } from '../src/reports/progress.js';
import { MEETING_WINDOW, meetingLine, meetingStatus } from '../src/reports/meetings.js';
import { groupStanding, linkLifetime } from './support.js';
import { reply } from '../src/core.js';

export default defineCommand({
  name: '进度',
  aliases: ['progress', '进展'],
  summary: '本支部对照“六好”标准的完成情况、走基层情况和当前阶段',
  usage: '进度',
  example: '进度',
  permission: 'everyone',
  async run(ctx) {
    const { branch, date, total, covered, grassroots } = await groupStanding(ctx);
    const meetings = meetingStatus(await ctx.store.listReports(branch, MEETING_WINDOW), date, ctx.reminders.settings.meetings.cadence);
    return reply(
      '进度',
      [
        `**支部“${branch}”进度**（截至 ${date}）`,
        `共 ${total} 条记录，覆盖 ${covered.size}/25 条二级标准。`,
        '',
        ...standardLines(ctx.knowledge, covered),
        '',
        `**走基层（附件第7条）**：${grassrootsLine(grassroots)}`,
        ...(meetings.length > 0 ? ['**三会一课（附件第3、22条）**：', ...meetings.map((m) => `- ${meetingLine(m)}`)] : []),
        `**当前阶段**：${phaseLine(ctx.knowledge.calendar, date)}`,
        '',
        `网页版（可点开每条标准的活动，${linkLifetime(ctx.config.DASHBOARD_TTL_MINUTES)}内有效）：${publicBaseUrl(ctx.config)}/d/${ctx.dashboardLinks.issue({ kind: 'branch', branch }, ctx.now)}`,
      ].join('\n'),
    );
  },
});
