// Which bound groups cannot receive pushes: channel dead, closed by an admin, or never set.
// The committee sees this in 汇总 so that someone fixes it before the next reminder.
import { compareChinese } from '../store/schema.js';
import type { Binding, PushChannelRecord, Store } from '../store/types.js';
import { dayOf, isClosed } from './describe.js';

export interface PushHealth {
  dead: Array<{ binding: Binding; record: PushChannelRecord & { dead: NonNullable<PushChannelRecord['dead']> } }>;
  closed: Binding[];
  missing: Binding[];
}

export async function pushHealth(store: Store): Promise<PushHealth> {
  const health: PushHealth = { dead: [], closed: [], missing: [] };
  const bindings = (await store.listBindings()).sort((a, b) => compareChinese(labelOf(a), labelOf(b)));
  // Read together: Redis pipelines them into one round trip instead of one per bound group.
  const records = await Promise.all(bindings.map((b) => store.getPushChannel(b.group)));
  for (const [i, binding] of bindings.entries()) {
    const record = records[i];
    if (!record) health.missing.push(binding);
    else if (isClosed(record)) health.closed.push(binding);
    else if (record.dead) health.dead.push({ binding, record: { ...record, dead: record.dead } });
  }
  return health;
}

/** 支部名（群名） or 委员会（群名）. */
export function labelOf(binding: Binding): string {
  const name = binding.target.kind === 'branch' ? binding.target.branch : '委员会';
  return binding.groupTitle && binding.groupTitle !== name ? `${name}（${binding.groupTitle}）` : name;
}

/** Lines for 汇总; empty when every bound group can receive pushes. */
export function pushHealthLines(health: PushHealth): string[] {
  const lines: string[] = [];
  if (health.dead.length > 0) {
    lines.push('', `**推送失效**（${health.dead.length}，提醒发不出去，请管理员在该群发送“推送 <新地址>”）：`);
    for (const { binding, record } of health.dead) lines.push(`- ${labelOf(binding)}：${record.dead.reason}（${dayOf(record.dead.at)}）`);
  }
  if (health.missing.length > 0) lines.push('', `**未设置推送**（${health.missing.length}，收不到提醒）：${health.missing.map(labelOf).join('、')}`);
  if (health.closed.length > 0) lines.push('', `**已关闭推送**（${health.closed.length}）：${health.closed.map(labelOf).join('、')}`);
  return lines;
}
