// Photos as evidence: download what came with a message (at once: platform links expire within
// minutes), check it (JPEG/PNG by its bytes, size cap, GPS metadata stripped), store the file,
// and add it to the report together with an audit entry. Nothing is stored for a photo that
// fails any step; the caller gets a Chinese reason per failed photo.
import type { AuditEntry, PhotoRef, Report, Store } from '../store/types.js';
import { checkPhoto } from './photo-file.js';
import type { Attachment, FetchedFile, PhotoFiles } from '../core.js';

/** How long after a report (or 附图 #N) the same sender's photos attach to it. */
export const ATTACH_WINDOW_MS = 10 * 60_000;

/** Photos printed under one activity in the Word summary (the rest are counted; the workbook links every one). */
export const PHOTOS_PER_ACTIVITY = 4;

/** Photos taken from one message (the platforms allow about nine; more is not a photo album we keep). */
export const MAX_PHOTOS_PER_MESSAGE = 20;

export interface AttachOutcome {
  /** The report after the change (null: it no longer exists). */
  report: Report | null;
  added: number;
  /** Each photo that was not stored: its place in the message (1-based) and a Chinese reason. */
  problems: Array<{ index: number; reason: string }>;
}

export function fetchProblem(reason: Exclude<FetchedFile, { ok: true }>['reason'], maxBytes: number): string {
  switch (reason) {
    case 'expired':
      return '照片链接已失效（平台的图片链接只在几分钟内有效），请重新发送这张照片。';
    case 'too-large':
      return `照片太大，最大 ${Math.round(maxBytes / 1_048_576)} MB。`;
    case 'unavailable':
      return '机器人还没有配置下载照片所需的凭证，请联系管理员（见 README“照片”）。';
    case 'failed':
      return '照片下载失败，请稍后重新发送。';
  }
}

type Checked = { ok: true; ref: Omit<PhotoRef, 'addedAt' | 'addedBy'> } | { ok: false; problem: string };

async function prepare(attachment: Attachment, files: PhotoFiles): Promise<Checked> {
  const fetched = await attachment.fetch();
  if (!fetched.ok) return { ok: false, problem: fetchProblem(fetched.reason, files.maxBytes) };
  const check = checkPhoto(fetched.bytes, files.maxBytes);
  if (!check.ok) return { ok: false, problem: check.reason };
  const file = await files.save(check.bytes, check.type);
  return { ok: true, ref: { file, type: check.type, bytes: check.bytes.length } };
}

export async function attachPhotos(
  store: Store,
  files: PhotoFiles,
  target: { branch: string; id: number },
  attachments: readonly Attachment[],
  who: { by: string; byName?: string; at: string },
): Promise<AttachOutcome> {
  // All downloads start at once: the links expire.
  const checked = await Promise.all(
    attachments.map((a, i) =>
      i >= MAX_PHOTOS_PER_MESSAGE
        ? Promise.resolve<Checked>({ ok: false, problem: `一条消息最多收 ${MAX_PHOTOS_PER_MESSAGE} 张照片，请分几条发送。` })
        : prepare(a, files).catch((): Checked => ({ ok: false, problem: '照片保存失败，请稍后重新发送。' })),
    ),
  );
  const problems = checked.flatMap((c, i) => (c.ok ? [] : [{ index: i + 1, reason: c.problem }]));
  const refs = checked.flatMap((c) => (c.ok ? [c.ref] : []));
  let added = 0;
  if (refs.length === 0) return { report: await store.getReport(target.branch, target.id), added, problems };
  const changed = await store.updateReport(target.branch, target.id, (current) => {
    const have = new Set((current.photos ?? []).map((p) => p.file));
    const fresh = refs.filter((r, i) => !have.has(r.file) && refs.findIndex((o) => o.file === r.file) === i);
    added = fresh.length;
    if (fresh.length === 0) return null;
    const photos = [...(current.photos ?? []), ...fresh.map((r) => ({ ...r, addedAt: who.at, addedBy: who.by }))];
    const audit: Omit<AuditEntry, 'branch' | 'reportId'> = {
      action: 'photo',
      field: '照片',
      before: `${current.photos?.length ?? 0}张`,
      after: `${photos.length}张`,
      by: who.by,
      ...(who.byName !== undefined ? { byName: who.byName } : {}),
      at: who.at,
    };
    return { after: { ...current, photos, updatedAt: who.at }, audit };
  });
  const report = changed ? changed.after : await store.getReport(target.branch, target.id);
  return { report, added, problems };
}

/** The reply lines: "#12 已附照片 3 张" and why each photo not stored was not. */
export function attachSummary(outcome: AttachOutcome, id: number, sent: number): string[] {
  const total = outcome.report?.photos?.length ?? 0;
  const lines: string[] = [];
  if (sent > outcome.problems.length) lines.push(`**#${id}** 已附照片 ${total} 张`);
  if (outcome.problems.length === 0) return lines;
  if (sent === 1) return [...lines, `照片没有保存：${outcome.problems[0]?.reason ?? ''}`];
  const head = outcome.problems.length === sent ? `${sent} 张照片都没有保存：` : `其中 ${outcome.problems.length} 张没有保存：`;
  return [...lines, head, ...outcome.problems.map((p) => `- 第 ${p.index} 张：${p.reason}`)];
}
