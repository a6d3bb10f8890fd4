// zod shapes of stored records. Both stores parse what they read back, so a corrupt or
// hand-edited record fails loudly instead of flowing on as a wrongly typed object.
import { z } from 'zod';
import type { AuditEntry, Binding, NewReport, PushChannelRecord, Report } from './types.js';
import type { GroupRef } from '../core.js';

export const groupSchema: z.ZodType<GroupRef> = z.object({
  platform: z.enum(['wecom', 'dingtalk', 'console']),
  conversationId: z.string(),
});

export const bindingSchema: z.ZodType<Binding> = z.object({
  group: groupSchema,
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('branch'), branch: z.string() }),
    z.object({ kind: z.literal('committee') }),
  ]),
  groupTitle: z.string().exactOptional(),
  boundBy: z.string(),
  boundAt: z.string(),
});

export const reportSchema: z.ZodType<Report> = z.object({
  id: z.number().int().positive(),
  branch: z.string(),
  reporterId: z.string(),
  reporterName: z.string().exactOptional(),
  group: groupSchema,
  messageId: z.string(),
  receivedAt: z.string(),
  date: z.string(),
  participants: z.number().exactOptional(),
  criteria: z.array(z.number()),
  text: z.string(),
  place: z.string().exactOptional(),
  host: z.string().exactOptional(),
  speaker: z.string().exactOptional(),
  attendees: z.array(z.string()).exactOptional(),
  allMembers: z.boolean().exactOptional(),
  absentees: z.array(z.object({ name: z.string(), reason: z.string().exactOptional() })).exactOptional(),
  meeting: z.string().exactOptional(),
  photos: z
    .array(
      z.object({
        file: z.string(),
        type: z.enum(['image/jpeg', 'image/png']),
        bytes: z.number(),
        addedAt: z.string(),
        addedBy: z.string(),
      }),
    )
    .exactOptional(),
  updatedAt: z.string().exactOptional(),
});

export const auditSchema: z.ZodType<AuditEntry> = z.object({
  branch: z.string(),
  reportId: z.number().int().positive(),
  action: z.enum(['update', 'classify', 'delete', 'photo']),
  field: z.string().exactOptional(),
  before: z.string(),
  after: z.string(),
  by: z.string(),
  byName: z.string().exactOptional(),
  at: z.string(),
});

export const pushChannelRecordSchema: z.ZodType<PushChannelRecord> = z.object({
  channel: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('wecom-webhook'), url: z.string() }),
    z.object({ kind: z.literal('wecom-ws'), chatId: z.string() }),
    z.object({ kind: z.literal('dingtalk-robot'), accessToken: z.string(), secret: z.string().exactOptional() }),
    z.object({ kind: z.literal('dingtalk-openapi'), openConversationId: z.string() }),
  ]),
  setBy: z.string(),
  setAt: z.string(),
  dead: z.object({ reason: z.string(), at: z.string() }).exactOptional(),
});

export const deadSchema: z.ZodType<NonNullable<PushChannelRecord['dead']>> = z.object({
  reason: z.string(),
  at: z.string(),
});

/** Parses stored JSON text; a failure is a bug or corruption, never "store unavailable". */
export function parseStored<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`stored ${what} is not valid JSON`, { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`stored ${what} has an unexpected shape`, { cause: parsed.error });
  return parsed.data;
}

/** Branch names in a stable, Chinese-aware order (both stores list them the same way). */
export function sortBranches(names: Iterable<string>): string[] {
  return [...names].sort(compareChinese);
}

let chinese: Intl.Collator | undefined;
/**
 * Chinese-aware string order; one collator, since `localeCompare(b, locale)` builds one per call.
 * Made on first use, so a process that never lists branches never builds it.
 */
export const compareChinese = (a: string, b: string): number => (chinese ??= new Intl.Collator('zh-Hans-CN')).compare(a, b);

/** The order reports are listed in: by activity date, then by id (the order they were recorded). */
export function byDateThenId(a: Pick<Report, 'date' | 'id'>, b: Pick<Report, 'date' | 'id'>): number {
  return a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1;
}

/** The key a report is deduplicated by: message ids are only unique within one platform. */
export function messageKey(report: Pick<Report, 'group' | 'messageId'>): string {
  return `${report.group.platform}:${report.messageId}`;
}

/** Only the NewReport fields, so a caller passing a Report (or extra props) cannot smuggle an id in. */
export function newReportFields(input: NewReport): NewReport {
  const out: NewReport = {
    branch: input.branch,
    reporterId: input.reporterId,
    group: { platform: input.group.platform, conversationId: input.group.conversationId },
    messageId: input.messageId,
    receivedAt: input.receivedAt,
    date: input.date,
    criteria: [...input.criteria],
    text: input.text,
  };
  if (input.reporterName !== undefined) out.reporterName = input.reporterName;
  if (input.participants !== undefined) out.participants = input.participants;
  return { ...out, ...recordFields(input) };
}

/** The optional 纪实 fields of a report, copied (absent ones stay absent). */
export function recordFields(input: NewReport): Partial<NewReport> {
  const out: Partial<NewReport> = {};
  if (input.place !== undefined) out.place = input.place;
  if (input.host !== undefined) out.host = input.host;
  if (input.speaker !== undefined) out.speaker = input.speaker;
  if (input.attendees !== undefined) out.attendees = [...input.attendees];
  if (input.allMembers !== undefined) out.allMembers = input.allMembers;
  if (input.absentees !== undefined) out.absentees = input.absentees.map((a) => ({ ...a }));
  if (input.meeting !== undefined) out.meeting = input.meeting;
  if (input.photos !== undefined) out.photos = input.photos.map((p) => ({ ...p }));
  if (input.updatedAt !== undefined) out.updatedAt = input.updatedAt;
  return out;
}

/** The report an edit produced, with the fields an edit may not change taken from `current`. */
export function editedReport(current: Report, after: Report): Report {
  const body = newReportFields({ ...after, branch: current.branch, group: current.group, messageId: current.messageId, receivedAt: current.receivedAt, reporterId: current.reporterId });
  const out: Report = { id: current.id, ...body };
  if (current.reporterName !== undefined) out.reporterName = current.reporterName;
  else delete out.reporterName;
  return out;
}

/** A TTL as a whole number ≥ 1 (Redis rejects 0 and fractions). */
export function ttlInt(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number`);
  return Math.max(1, Math.ceil(value));
}

/** A push record as stored by setPushChannel: setting an address again clears `dead`. */
export function withoutDead(record: PushChannelRecord): PushChannelRecord {
  const { dead: _dead, ...rest } = record;
  return rest;
}
