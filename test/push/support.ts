// Helpers for push and reminder tests: bound groups with robot channels pointing at a local fake.
import { meetingKindOf } from '../../src/knowledge/activity.js';
import { randomBytes } from 'node:crypto';
import { wecomWebhookUrl } from '../../src/platforms/wecom/webhook.js';
import type { PushChannel, Store } from '../../src/store/types.js';

/** A WeCom robot key shaped like the real ones (a UUID). */
export function wecomKey(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function dingtalkToken(): string {
  return randomBytes(32).toString('hex');
}

export function dingtalkSecret(): string {
  return `SEC${randomBytes(32).toString('hex')}`;
}

import { group } from '../store/contract.js';
import type { GroupRef } from '../../src/core.js';

export { group };

export async function bind(store: Store, g: GroupRef, branch: string | 'committee', title?: string): Promise<void> {
  await store.setBinding({
    group: g,
    target: branch === 'committee' ? { kind: 'committee' } : { kind: 'branch', branch },
    ...(title ? { groupTitle: title } : {}),
    boundBy: 'admin',
    boundAt: '2026-01-01T00:00:00.000Z',
  });
}

export async function setChannel(store: Store, g: GroupRef, channel: PushChannel): Promise<void> {
  await store.setPushChannel(g, { channel, setBy: 'admin', setAt: '2026-01-01T00:00:00.000Z' });
}

/** Binds a WeCom group to a branch with a robot at `apiBase`; returns the robot key. */
export async function wecomBranch(store: Store, apiBase: string, conversationId: string, branch: string | 'committee'): Promise<{ group: GroupRef; key: string }> {
  const g = group(conversationId);
  const key = wecomKey();
  await bind(store, g, branch);
  await setChannel(store, g, { kind: 'wecom-webhook', url: wecomWebhookUrl(apiBase, key) });
  return { group: g, key };
}

let seq = 0;
export async function report(store: Store, branch: string, date: string, criteria: number[], text = '活动'): Promise<void> {
  seq += 1;
  // The 三会一课 kind, as 上报 stores it (parseReport reads it from the text).
  const meeting = meetingKindOf(text);
  await store.addReport({
    branch,
    reporterId: 'u1',
    group: group(`g-${branch}`),
    messageId: `r-${Date.now()}-${seq}`,
    receivedAt: new Date().toISOString(),
    date,
    criteria,
    text,
    ...(meeting !== undefined ? { meeting } : {}),
  });
}
