// The embedded store's durable state: in memory as Maps, on disk as one versioned JSON document.
// Maps (not plain objects) so a branch called "__proto__" is just another name.
import { z } from 'zod';
import { auditSchema, bindingSchema, groupSchema, messageKey, pushChannelRecordSchema, reportSchema } from './schema.js';
import { groupKey, type AuditEntry, type Binding, type GroupRef, type PushChannelRecord, type Report } from './types.js';

export interface BranchReports {
  /** Last id handed out; kept after deletes so ids are never reused. */
  seq: number;
  /** Ascending by id. */
  items: Report[];
}

export interface State {
  bindings: Map<string, Binding>; // by groupKey
  branches: Set<string>;
  reports: Map<string, BranchReports>; // by branch name
  messages: Map<string, Report>; // by messageKey; derived from reports, not written
  push: Map<string, { group: GroupRef; record: PushChannelRecord }>; // by groupKey
  sentReminders: Map<string, { reminderId: string; group: GroupRef }>; // by reminderKey
  /** Report changes, oldest first (append only). */
  audit: AuditEntry[];
}

export function emptyState(): State {
  return {
    bindings: new Map(),
    branches: new Set(),
    reports: new Map(),
    messages: new Map(),
    push: new Map(),
    sentReminders: new Map(),
    audit: [],
  };
}

export function reminderKey(reminderId: string, group: GroupRef): string {
  return JSON.stringify([reminderId, groupKey(group)]);
}

const fileSchema = z.object({
  version: z.literal(1),
  bindings: z.array(bindingSchema),
  branches: z.array(z.string()),
  reports: z.array(z.object({ branch: z.string(), seq: z.number().int().nonnegative(), items: z.array(reportSchema) })),
  push: z.array(z.object({ group: groupSchema, record: pushChannelRecordSchema })),
  sentReminders: z.array(z.object({ reminderId: z.string(), group: groupSchema })),
  // Added later: files written before it have none.
  audit: z.array(auditSchema).optional(),
});

type StateFile = z.infer<typeof fileSchema>;

export function serializeState(state: State): string {
  const file: StateFile = {
    version: 1,
    bindings: [...state.bindings.values()],
    branches: [...state.branches],
    reports: [...state.reports].map(([branch, r]) => ({ branch, seq: r.seq, items: r.items })),
    push: [...state.push.values()],
    sentReminders: [...state.sentReminders.values()],
    audit: state.audit,
  };
  return JSON.stringify(file);
}

/** Parses the state file; throws (never returns an empty state) when it is corrupt. */
export function parseState(text: string, where: string): State {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON; refusing to start over it`, { cause: err });
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${where} has an unexpected shape`, { cause: parsed.error });
  const file = parsed.data;
  const state = emptyState();
  for (const b of file.bindings) state.bindings.set(groupKey(b.group), b);
  for (const name of file.branches) state.branches.add(name);
  for (const { branch, seq, items } of file.reports) {
    const sorted = [...items].sort((a, b) => a.id - b.id);
    const maxId = sorted.at(-1)?.id ?? 0;
    state.reports.set(branch, { seq: Math.max(seq, maxId), items: sorted });
    for (const r of sorted) state.messages.set(messageKey(r), r);
  }
  for (const p of file.push) state.push.set(groupKey(p.group), p);
  for (const s of file.sentReminders) state.sentReminders.set(reminderKey(s.reminderId, s.group), s);
  state.audit = file.audit ?? [];
  return state;
}

// Message-dedupe claims live in their own small file, so the frequent claim writes do not
// rewrite every report.
const claimsSchema = z.object({
  version: z.literal(1),
  claims: z.array(z.tuple([z.string(), z.number()])),
});

/** The claims still live at `nowMs`, oldest first. */
export function parseClaims(text: string, nowMs: number): Map<string, number> {
  const file = claimsSchema.parse(JSON.parse(text));
  return new Map(file.claims.filter(([, expiry]) => expiry > nowMs));
}

/** Drops expired claims and, beyond `max`, the oldest ones; returns the file text. */
export function pruneAndSerializeClaims(claims: Map<string, number>, nowMs: number, max: number): string {
  for (const [key, expiry] of claims) if (expiry <= nowMs) claims.delete(key);
  for (const key of claims.keys()) {
    if (claims.size <= max) break;
    claims.delete(key);
  }
  return JSON.stringify({ version: 1, claims: [...claims] });
}
