// Keeps the layering honest: no import circle anywhere in our code, and the bot core imports
// nothing above it (services are handed to it), read from the source files themselves.
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './graph.js';

const graph = importGraph();

/** What src/bot/ may import besides itself: the layers below it. */
const BELOW_BOT = ['src/config.ts', 'src/log.ts', 'src/metrics.ts', 'src/time.ts', 'src/send-failure.ts', 'src/store/types.ts', 'src/knowledge/types.ts', 'src/reports/export-token.ts', 'src/dashboard/links.ts', 'src/reminders/types.ts', 'src/reminders/settings.ts'];

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

  it('receive transports reach the bot only through the inbox, and senders never import receivers', () => {
    const platformFiles = [...graph].filter(([file]) => file.startsWith('src/platforms/'));
    const direct = platformFiles.flatMap(([file, targets]) => targets.filter((t) => t === 'src/bot/bot.ts' || t.startsWith('src/push/')).map((t) => `${file} → ${t}`));
    expect(direct).toEqual([]);
    const pushFiles = [...graph].filter(([file]) => file.startsWith('src/push/'));
    const receivers = pushFiles.flatMap(([file, targets]) => targets.filter((t) => /route|aibot|legacy|stream-client|ws-client|platforms\/index/.test(t)).map((t) => `${file} → ${t}`));
    expect(receivers).toEqual([]);
  });
});
