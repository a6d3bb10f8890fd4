// Binding requests: a group admin (the platform's isAdmin) may ask to bind its group to a branch;
// an admin listed in ADMIN_IDS approves or refuses it in the committee group (批准 / 拒绝). Both
// are kept as write-once store values, so every instance sees the same request, and the first
// decision wins when two admins answer at once.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../src/store/types.js';
import type { GroupRef } from '../src/core.js';

const request = z.object({
  group: z.object({ platform: z.enum(['wecom', 'dingtalk', 'console']), conversationId: z.string() }),
  groupTitle: z.string().optional(),
  branch: z.string(),
  by: z.string(),
  byName: z.string().optional(),
  at: z.string(),
});

export type BindRequest = z.output<typeof request>;

export type Decision = { approved: boolean; by: string; at: string };

const CODE = /^[a-z0-9]{6}$/u;
const NONE = 'none';

/** A short code users can type: 6 lower-case letters and digits. */
function newCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('');
}

export async function createRequest(store: Store, r: BindRequest): Promise<string> {
  for (;;) {
    const code = newCode();
    const value = JSON.stringify(r);
    if ((await store.getOrCreateValue(`bind-request-${code}`, value)) === value) return code;
  }
}

/** The request with this code, or null (unknown or mistyped code). */
export async function readRequest(store: Store, code: string): Promise<BindRequest | null> {
  if (!CODE.test(code)) return null;
  // Reading an unknown code stores a "none" marker: harmless, and the code stays unusable.
  const raw = await store.getOrCreateValue(`bind-request-${code}`, NONE);
  if (raw === NONE) return null;
  try {
    const parsed = request.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Records the decision unless one was made already: the decision that stands, and whether it is ours. */
export async function decide(store: Store, code: string, decision: Decision): Promise<{ stands: Decision; ours: boolean }> {
  const value = JSON.stringify(decision);
  const stored = await store.getOrCreateValue(`bind-decision-${code}`, value);
  return stored === value ? { stands: decision, ours: true } : { stands: JSON.parse(stored) as Decision, ours: false };
}

export function sameGroup(a: GroupRef, b: GroupRef): boolean {
  return a.platform === b.platform && a.conversationId === b.conversationId;
}
