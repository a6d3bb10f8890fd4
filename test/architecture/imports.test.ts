// Keeps the layering honest: no import circle anywhere in our code, the bot core imports nothing
// above it (services are handed to it), the layers below the bot do not import it (the shared
// vocabulary is src/core.ts), read from the source files themselves.
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './graph.js';

const graph = importGraph();

/** What src/bot/ may import besides itself: the layers below it. */
const BELOW_BOT = ['src/core.ts', 'src/text.ts', 'src/config.ts', 'src/log.ts', 'src/metrics.ts', 'src/time.ts', 'src/send-failure.ts', 'src/store/types.ts', 'src/knowledge/types.ts', 'src/knowledge/items.ts', 'src/knowledge/calendar.ts', 'src/knowledge/plain.ts', 'src/knowledge/traditional-data.ts', 'src/reports/export-token.ts', 'src/dashboard/links.ts', 'src/reminders/types.ts', 'src/reminders/settings.ts'];

/** Layers below the bot: they take Platform, GroupRef, Reply… from src/core.ts, never from src/bot/. */
const BELOW_BOT_DIRS = ['src/knowledge/', 'src/store/', 'src/reports/', 'src/reminders/'];
/** The bottom: the shared vocabulary and the text helpers import none of our code. */
const BOTTOM = ['src/core.ts', 'src/text.ts'];

/** `file → target` for every import from `files` into `forbidden`. */
function importsInto(g: Map<string, string[]>, files: (file: string) => boolean, forbidden: (target: string) => boolean): string[] {
  return [...g].filter(([file]) => files(file)).flatMap(([file, targets]) => targets.filter(forbidden).map((t) => `${file} → ${t}`));
}

describe('imports', () => {
  it('reads the graph (the scan itself works)', () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(graph.get('src/inbox.ts')).toContain('src/bot/bot.ts');
    // A planted circle is found: the detector can fail.
    const planted = new Map(graph);
    planted.set('src/bot/message.ts', [...(graph.get('src/bot/message.ts') ?? []), 'src/inbox.ts']);
    expect(importCycles(planted).length).toBeGreaterThan(0);
  });

  it('has no import circle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('the bot core imports nothing above it', () => {
    const outside = [...graph]
      .filter(([file]) => file.startsWith('src/bot/'))
      .flatMap(([file, targets]) => targets.filter((t) => !t.startsWith('src/bot/') && !BELOW_BOT.includes(t)).map((t) => `${file} → ${t}`));
    expect(outside).toEqual([]);
  });

  it('the layers below the bot import nothing of it, and the core imports nothing at all', () => {
    const below = (file: string): boolean => BELOW_BOT_DIRS.some((d) => file.startsWith(d));
    expect(importsInto(graph, below, (t) => t.startsWith('src/bot/'))).toEqual([]);
    expect(importsInto(graph, (f) => BOTTOM.includes(f), () => true)).toEqual([]);
    // The rule can fail: a planted import of the bot from the store is found.
    const planted = new Map(graph);
    planted.set('src/store/types.ts', [...(graph.get('src/store/types.ts') ?? []), 'src/bot/message.ts']);
    expect(importsInto(planted, below, (t) => t.startsWith('src/bot/'))).toEqual(['src/store/types.ts → src/bot/message.ts']);
  });

  it('receive transports reach the bot only through the inbox, and senders never import receivers', () => {
    const platformFiles = [...graph].filter(([file]) => file.startsWith('src/platforms/'));
    const direct = platformFiles.flatMap(([file, targets]) => targets.filter((t) => t === 'src/bot/bot.ts' || t.startsWith('src/push/')).map((t) => `${file} → ${t}`));
    expect(direct).toEqual([]);
    const pushFiles = [...graph].filter(([file]) => file.startsWith('src/push/'));
    const receivers = pushFiles.flatMap(([file, targets]) => targets.filter((t) => /route|aibot|legacy|stream-client|ws-client|platforms\/index/.test(t)).map((t) => `${file} → ${t}`));
    expect(receivers).toEqual([]);
  });
});
