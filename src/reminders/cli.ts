// The operators' view of the reminders (`npm run reminders`): what goes out on a date and to which
// groups. A dry run only reads; `--send` sends for real through the same runner as the schedules,
// so the per-group markers keep it from repeating what already went out.
import { parseArgs } from 'node:util';
import type { AppServices as BotServices } from '../app.js';
import { describeChannel, labelOf } from '../push/index.js';
import { groupKey } from '../store/types.js';
import { isValidDate, shanghaiDate, shanghaiInstant } from '../time.js';
import type { DeliveryResult, DeliveryStatus } from './runner.js';
import type { Occurrence } from './types.js';

export const USAGE = `用法：npm run reminders -- --date 2026-11-12 [--send] [--service-stopped]
  --date YYYY-MM-DD    要查看的日期（北京时间），默认今天
  --send               真的发送（已发过的群不会重复发送）；不加则只预览，不发送、不写入
  --service-stopped    使用内置文件存储（未设置 REDIS_URL）时发送必须加：确认服务已停止`;

export interface CliOptions {
  date: string;
  send: boolean;
  serviceStopped: boolean;
}

export type CliParse = { ok: true; options: CliOptions } | { ok: false; message: string };

export function parseCliArgs(argv: readonly string[], now: Date): CliParse {
  let values: { date?: string | undefined; send?: boolean | undefined; 'service-stopped'?: boolean | undefined; help?: boolean | undefined };
  try {
    values = parseArgs({
      args: [...argv],
      options: { date: { type: 'string' }, send: { type: 'boolean' }, 'service-stopped': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (err) {
    return { ok: false, message: `${err instanceof Error ? err.message : String(err)}\n${USAGE}` };
  }
  if (values.help) return { ok: false, message: USAGE };
  const date = values.date ?? shanghaiDate(now);
  if (!isValidDate(date)) return { ok: false, message: `日期应为 YYYY-MM-DD，例如 2026-11-12。\n${USAGE}` };
  return { ok: true, options: { date, send: values.send === true, serviceStopped: values['service-stopped'] === true } };
}

type Out = (line: string) => void;

function header(o: Occurrence): string {
  return `${o.date} ${o.time}  ${o.title}  [${o.id}]`;
}

function indent(text: string, prefix = '      '): string {
  return text
    .split('\n')
    .map((l) => `${prefix}${l}`)
    .join('\n');
}

/** Prints every reminder of `date`, its groups and one sample message. Reads only. */
export async function previewDate(services: BotServices, date: string, out: Out): Promise<void> {
  const { reminders, store, config } = services;
  out(`${date} 的提醒（北京时间）——预览：不发送，不写入。`);
  if (Number(date.slice(0, 4)) !== config.CAMPAIGN_YEAR) out(`注意：CAMPAIGN_YEAR=${config.CAMPAIGN_YEAR}，阶段和总结提醒只按该年度安排。`);
  const occurrences = reminders.onDate(date);
  if (occurrences.length === 0) {
    out('这一天没有提醒。');
    const next = reminders.upcoming({ kind: 'branch', branch: '' }, shanghaiInstant(date, '23:59'), 3);
    if (next.length > 0) out(`之后的提醒：${next.map((o) => `${o.date} ${o.time} ${o.title}`).join('；')}`);
    return;
  }
  const bindings = await store.listBindings();
  const titleOf = new Map(bindings.map((b) => [groupKey(b.group), labelOf(b)]));
  for (const occurrence of occurrences) {
    out('');
    out(header(occurrence));
    const deliveries = await reminders.deliveries(occurrence, date);
    if (deliveries.length === 0) {
      out('  → 没有需要提醒的群');
      continue;
    }
    out(`  → ${deliveries.length} 个群：`);
    for (const d of deliveries) {
      const record = await store.getPushChannel(d.group);
      const how = !record ? '❌ 未设置推送，无法送达' : record.dead ? `❌ 推送失效：${record.dead.reason}` : describeChannel(record.channel);
      out(`    - ${titleOf.get(groupKey(d.group)) ?? d.label}  ${groupKey(d.group)}  ${how}`);
    }
    const sample = deliveries[0];
    if (sample) {
      out(`  消息示例（${sample.label}）：`);
      out(indent(sample.reply.markdown));
    }
  }
}

const STATUS: Record<DeliveryStatus, string> = {
  sent: '已发送',
  'already-sent': '已发送过，跳过',
  busy: '另一个实例正在发送，跳过',
  'no-channel': '未设置推送，无法送达',
  'dead-channel': '推送失效',
  failed: '发送失败',
};

function resultLine(r: DeliveryResult): string {
  return `    - ${r.label}  ${groupKey(r.group)}  ${STATUS[r.status]}${r.detail && r.status !== 'no-channel' ? `：${r.detail}` : ''}`;
}

/** Sends every reminder of `date` now; returns how many deliveries failed. */
export async function sendDate(services: BotServices, date: string, now: Date, out: Out): Promise<number> {
  const occurrences = services.reminders.onDate(date);
  out(`${date} 的提醒——发送（已发过的群会跳过）。`);
  if (occurrences.length === 0) {
    out('这一天没有提醒。');
    return 0;
  }
  let failed = 0;
  for (const occurrence of occurrences) {
    out('');
    out(header(occurrence));
    const run = await services.reminders.run(occurrence, now);
    if (run.results.length === 0) out('  → 没有需要提醒的群');
    for (const r of run.results) out(resultLine(r));
    failed += run.results.filter((r) => r.status === 'failed').length;
  }
  return failed;
}
