// 上报: records an activity for this group's branch and echoes how it was read. A report whose
// criteria are unclear is kept as 未归类 and the reply asks which criterion fits (归类).
import { defineCommand, type HandlerContext } from '../src/bot/command.js';
import { parseReport } from '../src/reports/parse.js';
import { reportDetail } from '../src/reports/format.js';
import { reportsRecorded } from '../src/metrics.js';
import { StoreUnavailableError, type NewReport, type Report, type Store } from '../src/store/types.js';
import { shanghaiDate } from '../src/time.js';
import { actor, groupOf, requireBranch, today } from './support.js';
import { attachPhotos, attachSummary } from '../src/reports/photos.js';
import { rememberPhotoTarget } from './photo.js';
import { type GroupRef, reply } from '../src/core.js';

/** Leading word that confirms a report the same person already sent today. */
const AGAIN = /^再次\s*/u;
/** Recent records searched for an identical report (a resend after an unclear failure). */
const RECENT = 30;

export default defineCommand({
  name: '上报',
  aliases: ['report', '汇报'],
  summary: '记录本支部开展的活动（日期、人数、对应标准会自动识别；可写地点、主持人、主讲人、缺席）',
  usage: '上报 <日期> <活动内容> [人数]',
  example: '上报 昨天组织8名党员到企业开展走基层服务',
  permission: 'everyone',
  greedy: true,
  async run(ctx, args) {
    const { branch } = await requireBranch(ctx);
    const again = AGAIN.test(args);
    const parsed = parseReport(args.replace(AGAIN, ''), { today: today(ctx), campaignYear: ctx.config.CAMPAIGN_YEAR, knowledge: ctx.knowledge });
    const messageId = `${ctx.message.platform}:${ctx.message.messageId}`;
    if (!again) {
      const same = await sameReportToday(ctx.store, branch, groupOf(ctx), ctx.message.senderId, parsed.text, ctx.message.receivedAt, messageId);
      if (same) {
        return reply(
          '已上报过',
          `您今天已上报过相同内容，编号 **#${same.id}**（${same.date}），这次没有重复记录。\n\n如果确实是另一次活动，请在内容前加“再次”重新发送，例如：上报 再次 ${args.replace(AGAIN, '').slice(0, 40)}`,
        );
      }
    }
    const { report, created } = await addOrFind(ctx.store, {
      branch,
      reporterId: ctx.message.senderId,
      ...(ctx.message.senderName !== undefined ? { reporterName: ctx.message.senderName } : {}),
      group: groupOf(ctx),
      messageId,
      receivedAt: ctx.message.receivedAt.toISOString(),
      date: parsed.date,
      ...(parsed.participants !== undefined ? { participants: parsed.participants } : {}),
      ...(parsed.attendees !== undefined ? { attendees: parsed.attendees } : {}),
      ...(parsed.allMembers !== undefined ? { allMembers: parsed.allMembers } : {}),
      ...(parsed.meeting !== undefined ? { meeting: parsed.meeting } : {}),
      ...(parsed.place !== undefined ? { place: parsed.place } : {}),
      ...(parsed.host !== undefined ? { host: parsed.host } : {}),
      ...(parsed.speaker !== undefined ? { speaker: parsed.speaker } : {}),
      ...(parsed.absentees !== undefined ? { absentees: parsed.absentees } : {}),
      criteria: parsed.criteria,
      text: parsed.text,
    });
    if (created) reportsRecorded.inc();
    // Photos sent right after go to this report; photos in this message are attached now.
    await rememberPhotoTarget(ctx, branch, report.id).catch((err: unknown) => {
      // Recorded all the same: photos sent later then get the hint to use 附图 #N.
      if (!(err instanceof StoreUnavailableError)) throw err;
    });
    const attachments = ctx.message.attachments ?? [];
    const photoLines = attachments.length > 0 ? ['', ...(await photosOf(ctx, branch, report.id))] : [];
    const how = parsed.dateText !== undefined ? `（按“${parsed.dateText}”识别）` : '（未写日期，按今天记录）';
    const head = created ? `已记录 **#${report.id}**，支部“${branch}”：` : `这条消息已记录过，编号 **#${report.id}**：`;
    const ask =
      report.criteria.length === 0
        ? [
            '',
            `没有看出这项活动对应哪条标准，已先记为“未归类”。请回复“归类 ${report.id} <条目>”，例如“归类 ${report.id} 12”（可写多条：归类 ${report.id} 3 22）；发送“标准”查看 25 条。`,
          ]
        : [];
    return reply(
      `已记录 #${report.id}`,
      [head, '', reportDetail(report, ctx.knowledge, how), ...ask, ...photoLines, '', `如有误，发送“修改 #${report.id} 日期|人数|标准|内容 …”或“撤销 ${report.id}”。`].join('\n'),
    );
  },
});

/** Attaches the message's photos; the report stays recorded when the store fails here. */
async function photosOf(ctx: HandlerContext, branch: string, id: number): Promise<string[]> {
  const attachments = ctx.message.attachments ?? [];
  try {
    return attachSummary(await attachPhotos(ctx.store, ctx.photos.files, { branch, id }, attachments, actor(ctx)), id, attachments.length);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    return [`照片暂时没有保存，请稍后发送“附图 #${id}”并重新附上照片。`];
  }
}

/**
 * addReport, but after an error that leaves it unclear whether the record was written (the
 * connection dropped with the command in flight), looks the message up before answering: a
 * stored record is answered as recorded, so the sender is not asked to send it again.
 */
async function addOrFind(store: Store, input: NewReport): Promise<{ report: Report; created: boolean }> {
  try {
    return await store.addReport(input);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    for (const wait of [100, 400, 1000]) {
      await new Promise((res) => setTimeout(res, wait));
      try {
        const found = await store.findReportByMessage(input.group.platform, input.messageId);
        if (found) return { report: found, created: true };
        break; // definitely not stored: the sender is asked to retry
      } catch (lookupErr) {
        if (!(lookupErr instanceof StoreUnavailableError)) throw lookupErr;
      }
    }
    throw err;
  }
}

/** The same person's record with the same text, in the same group, received today from another message. */
async function sameReportToday(store: Store, branch: string, group: GroupRef, senderId: string, text: string, now: Date, messageId: string): Promise<Report | undefined> {
  const day = shanghaiDate(now);
  const recent = await store.listReports(branch, RECENT);
  return recent.find(
    (r) =>
      r.reporterId === senderId &&
      r.group.platform === group.platform &&
      r.group.conversationId === group.conversationId &&
      r.text === text &&
      r.messageId !== messageId &&
      shanghaiDate(new Date(r.receivedAt)) === day,
  );
}
