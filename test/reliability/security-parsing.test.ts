// Issue 11, defect 1: one message stalled every group for minutes. `上报 昨天走基层` + 20,000 × 一
// (60 KB, under the body limit) blocked the event loop for 31 s: chrono-node and unbounded
// numeral patterns are quadratic on long runs. Now dates are read from the first 100 characters,
// the other report fields from the first 500, a question from its first 300, and the bot refuses
// messages over 5,000 characters before parsing anything. Fuzzed here: messages of up to the
// body limit (256 KB), built from the runs that hurt, through the real bot and the report parser.
// Each message is timed three times in CPU time and the fastest run counts (the machine is shared).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../src/http/body.js';
import { createRouter } from '../../src/bot/router.js';
import { stripMentions } from '../../src/bot/mention.js';
import { parseDateArg, parseReport } from '../../src/reports/parse.js';
import { commands, fallback } from '../../handlers/index.js';
import { createTestBot, groupMessage, type TestBot } from '../support/bot.js';
import { summary } from './support.js';

const LIMIT_MS = 50;
const UNITS = ['一', '1', '十', '第1、', '张三、', '地点：', '月', '日', '1月', ' ', '@张三 ', '，', '一人', '2026-', '〇', '零', '昨天', 'a'];
const PREFIXES = ['上报 昨天走基层', '上报 ', '上报 10月12日', '', '标准 ', '阶段 ', '修改 #1 日期 ', '帮助 ', '/', '第', '记录 ', '撤销 '];

/** Up to the body limit: a 3-byte character per unit in the worst case. */
const MAX_CHARS = Math.floor(BODY_LIMIT_BYTES / 3) - 100;

const message = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(200, 1_000, 4_900, 20_000, MAX_CHARS),
    fc.constantFrom('', '人', '条', '月', '日参加'),
  )
  .map(([prefix, units, chars, tail]) => {
    const unit = units.join('');
    return `${prefix}${unit.repeat(Math.max(1, Math.floor(chars / unit.length)))}${tail}`.slice(0, MAX_CHARS);
  });

/** CPU milliseconds of this process (user + system): time spent waiting for a busy core is not the parser's. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function fastest(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = cpuMs();
    try {
      fn();
    } catch {
      // usage errors are answers too
    }
    best = Math.min(best, cpuMs() - t);
  }
  return best;
}

async function fastestAsync(fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = cpuMs();
    await fn();
    best = Math.min(best, cpuMs() - t);
  }
  return best;
}

let tb: TestBot;
beforeAll(async () => {
  tb = await createTestBot();
});
afterAll(async () => tb?.close());

describe('defect 1: no message stalls the bot', () => {
  it('the red team message: 上报 昨天走基层 + 20,000 × 一 is parsed in bounded time', () => {
    const ctx = { today: '2026-11-05', campaignYear: 2026, knowledge: tb.services.knowledge };
    const ms = fastest(() => parseReport(`昨天走基层${'一'.repeat(20_000)}`, ctx));
    const ones = fastest(() => parseReport(`昨天走基层${'1'.repeat(16_000)}`, ctx));
    summary('defect 1: red-team inputs', { yi20000Ms: Math.round(ms), ones16000Ms: Math.round(ones), limitMs: LIMIT_MS });
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(ones).toBeLessThan(LIMIT_MS);
    // The report keeps its whole text; the date is still read.
    const parsed = parseReport(`昨天走基层${'一'.repeat(20_000)}`, ctx);
    expect(parsed.text.length).toBe(5 + 20_000);
    expect(parsed.date).toBe('2026-11-04');
  });

  it('fuzz: every message up to the body limit is parsed in under 50 ms', async () => {
    const router = createRouter(commands, fallback);
    const ctx = { today: '2026-11-05', campaignYear: 2026, knowledge: tb.services.knowledge };
    const counts = { messages: 0, maxChars: 0, slowest: 0, over: 0 };
    const slow: string[] = [];
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        // The parsers on their own, whatever the length (the bot's length cap aside).
        const route = router.route(stripMentions(text));
        const parse = fastest(() => {
          parseReport(route.args, ctx);
          parseDateArg(route.args, ctx);
        });
        // The whole bot (unbound group: nothing is written, every command still reads its input).
        const handle = await fastestAsync(() => tb.bot.handle(groupMessage(text)));
        const worst = Math.max(parse, handle);
        counts.messages += 1;
        counts.maxChars = Math.max(counts.maxChars, text.length);
        counts.slowest = Math.max(counts.slowest, Math.round(worst));
        if (worst >= LIMIT_MS) {
          counts.over += 1;
          slow.push(`${text.slice(0, 20)}… (${text.length} chars): ${Math.round(worst)} ms`);
        }
      }),
      { numRuns: 120 },
    );
    summary('defect 1: parse time fuzz', { ...counts, limitMs: LIMIT_MS });
    expect(slow).toEqual([]);
  }, 300_000);

  it('a message over 5,000 characters gets a clear answer, not a stall', async () => {
    const outcome = await tb.bot.handle(groupMessage(`上报 昨天走基层${'一'.repeat(40_000)}`));
    expect(outcome.kind).toBe('answered');
    if (outcome.kind === 'answered') expect(outcome.reply.markdown).toContain('超过了 5000 字的上限');
  });
});
