// Photos as evidence. 附图 #12 names the report (with images in the same message, or images that
// follow within 10 minutes); an image on its own attaches to the sender's report of the last 10
// minutes. Which report a sender's next photos go to is kept as a short-lived value in the store
// (set by 上报 and 附图), so every instance on the same store agrees.
import { defineCommand, type HandlerContext } from '../src/bot/command.js';
import { ATTACH_WINDOW_MS, attachPhotos, attachSummary } from '../src/reports/photos.js';
import { actor, groupOf, mayChange, recordNumber, requireBranch } from './support.js';
import ask from './ask.js';
import { Refusal, reply, type Reply, UsageError } from '../src/core.js';

interface PhotoTarget {
  branch: string;
  id: number;
  /** The group the report or 附图 came from. */
  conversationId: string;
  /** ISO instant (the handler's clock) after which photos no longer attach. */
  until: string;
}

function targetKey(ctx: HandlerContext): string {
  return `photo-target:${ctx.message.platform}:${ctx.message.senderId}`;
}

/** Remembers where this sender's photos of the next 10 minutes go. */
export async function rememberPhotoTarget(ctx: HandlerContext, branch: string, id: number): Promise<void> {
  const value: PhotoTarget = { branch, id, conversationId: ctx.message.conversationId, until: new Date(ctx.now.getTime() + ATTACH_WINDOW_MS).toISOString() };
  await ctx.store.setShortLived(targetKey(ctx), JSON.stringify(value), Math.ceil(ATTACH_WINDOW_MS / 1000));
}

async function recallPhotoTarget(ctx: HandlerContext): Promise<PhotoTarget | undefined> {
  const raw = await ctx.store.getShortLived(targetKey(ctx));
  if (raw === null) return undefined;
  try {
    const t = JSON.parse(raw) as Partial<PhotoTarget>;
    if (typeof t.branch !== 'string' || typeof t.id !== 'number' || typeof t.conversationId !== 'string' || typeof t.until !== 'string') return undefined;
    if (new Date(t.until).getTime() < ctx.now.getTime()) return undefined;
    return t as PhotoTarget;
  } catch {
    return undefined;
  }
}

export const HOW_TO_ATTACH = '要给记录附照片：发“上报 …”时在同一条消息里附上照片，或上报后 10 分钟内 @我 发送照片；也可以发“附图 #编号”并附上照片（或在 10 分钟内接着发照片）。';

/** Attaches the message's images to one report and answers with the count. */
export async function attachAndReply(ctx: HandlerContext, branch: string, id: number): Promise<Reply> {
  const attachments = ctx.message.attachments ?? [];
  const outcome = await attachPhotos(ctx.store, ctx.photos.files, { branch, id }, attachments, actor(ctx));
  if (!outcome.report) throw new Refusal(`没有找到记录 #${id}（可能已撤销）。`);
  const lines = attachSummary(outcome, id, attachments.length);
  const stored = outcome.problems.length < attachments.length;
  return reply(stored ? `#${id} 已附照片` : '照片没有保存', lines.join('\n'));
}

export const attach = defineCommand({
  name: '附图',
  aliases: ['attach'],
  summary: '给一条记录附照片（同一条消息附上照片，或 10 分钟内接着发照片）',
  usage: '附图 #编号',
  example: '附图 #12',
  permission: 'everyone',
  greedy: true,
  async run(ctx, args) {
    const id = recordNumber(args.split(/\s+/u)[0] ?? '');
    if (id === undefined) throw new UsageError('请写明要附照片的记录编号。');
    const { branch } = await requireBranch(ctx);
    const report = await ctx.store.getReport(branch, id);
    if (!report) throw new Refusal(`本支部没有记录 #${id}。发送“记录”查看最近的记录。`);
    if (!mayChange(ctx, report)) throw new Refusal(`只有上报人本人或管理员可以给 #${id} 附照片。`);
    await rememberPhotoTarget(ctx, branch, id);
    if ((ctx.message.attachments?.length ?? 0) > 0) return attachAndReply(ctx, branch, id);
    const count = report.photos?.length ?? 0;
    return reply('附图', `好的，请在 10 分钟内 @我 发送照片，会附到 **#${id}**（现有照片 ${count} 张）。只收 JPEG 或 PNG，每张最大 ${ctx.config.PHOTO_MAX_MB} MB。`);
  },
});

/**
 * Where this message's photos go: the sender's 上报 / 附图 of the last 10 minutes, in this group
 * (still bound to that branch) or, in a single chat, wherever it was; the sender must still be
 * allowed to change the report.
 */
async function usableTarget(ctx: HandlerContext): Promise<PhotoTarget | undefined> {
  const target = await recallPhotoTarget(ctx);
  if (!target) return undefined;
  if (ctx.message.chatType === 'group') {
    if (target.conversationId !== ctx.message.conversationId) return undefined;
    const binding = await ctx.store.getBinding(groupOf(ctx));
    if (binding?.target.kind !== 'branch' || binding.target.branch !== target.branch) return undefined;
  }
  const report = await ctx.store.getReport(target.branch, target.id);
  return report && mayChange(ctx, report) ? target : undefined;
}

/** A message with images and no command: the photos go to the sender's report of the last 10 minutes. */
export const photoMessages = defineCommand({
  name: '照片',
  aliases: [],
  summary: '附照片',
  usage: '（上报后 10 分钟内 @我 发送照片）',
  example: '附图 #12',
  permission: 'everyone',
  hidden: true,
  async run(ctx, text) {
    const target = await usableTarget(ctx);
    if (!target) {
      // A question with a picture (第7条 + screenshot) is still answered; the picture is not kept.
      if (text !== '') {
        const answer = await ask.run(ctx, text);
        return reply(answer.title, `${answer.markdown}\n\n（随消息发来的照片没有对应的上报记录，没有保存。要附照片请发“附图 #编号”并附上照片。）`);
      }
      if (ctx.message.chatType === 'group') await requireBranch(ctx);
      return reply('照片没有保存', `这张照片没有对应的记录，没有保存。${HOW_TO_ATTACH}`);
    }
    return attachAndReply(ctx, target.branch, target.id);
  },
});
