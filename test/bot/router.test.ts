import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, groupMessage, say, type TestBot } from '../support/bot.js';

let tb: TestBot;
beforeAll(async () => {
  tb = await createTestBot();
});
afterAll(async () => tb.close());

describe('router and help', () => {
  it('strips the @mention and lists every visible command in 帮助', async () => {
    const text = await say(tb, '@党建助手 帮助');
    for (const usage of ['标准 [编号|标准名]', '阶段 [日期]', '上报 <日期> <活动内容> [人数]', '记录 [条数]', '撤销 <编号>', '进度', '总结', '绑定 [支部名称|委员会]', '汇总', '导出']) {
      expect(text).toContain(usage);
    }
    expect(text).not.toContain('**提问');
  });

  it('accepts English aliases, any case, with or without a leading slash', async () => {
    const help = await say(tb, '帮助');
    expect(await say(tb, '/help')).toBe(help);
    expect(await say(tb, 'HELP')).toBe(help);
    expect(await say(tb, '／帮助')).toBe(help);
  });

  it('explains one command with its usage and example', async () => {
    const text = await say(tb, '帮助 上报');
    expect(text).toContain('用法：上报 <日期> <活动内容> [人数]');
    expect(text).toContain('例如：上报 昨天组织8名党员到企业开展走基层服务');
  });

  it('answers an unknown /command with a suggestion instead of guessing', async () => {
    const text = await say(tb, '/帮肋');
    expect(text).toContain('没有“帮肋”这个命令');
    expect(text).toContain('**帮助**');
  });

  it('answers a bad argument in Chinese with usage and an example', async () => {
    const text = await say(tb, '记录 很多');
    expect(text).toContain('条数应为 1 到 50 之间的数字');
    expect(text).toContain('用法：记录 [条数]');
    expect(text).toContain('例如：记录 20');
  });

  it('greets a bare @mention', async () => {
    expect(await say(tb, '@党建助手')).toContain('发送 **帮助**');
  });

  it('processes a redelivered message id once, and answers a redelivery with the same reply', async () => {
    const message = groupMessage('帮助');
    const first = await tb.bot.handle(message);
    const again = await Promise.all([tb.bot.handle(message), tb.bot.handle({ ...message })]);
    expect(first).toMatchObject({ kind: 'answered' });
    expect(first.kind === 'answered' && first.repeated).toBeFalsy();
    for (const o of again) {
      expect(o).toMatchObject({ kind: 'answered', repeated: true });
      expect(o.kind === 'answered' && first.kind === 'answered' && o.reply).toEqual(first.kind === 'answered' && first.reply);
    }
  });

  it('gives concurrent deliveries of one message one piece of work, and each the answer', async () => {
    const message = groupMessage('第7条', { messageId: 'concurrent-1' });
    const outcomes = await Promise.all([1, 2, 3].map(() => tb.bot.handle({ ...message })));
    const fresh = outcomes.filter((o) => o.kind === 'answered' && !o.repeated);
    expect(fresh).toHaveLength(1);
    const texts = new Set(outcomes.map((o) => (o.kind === 'answered' ? o.reply.markdown : '')));
    expect(texts.size).toBe(1);
  });

  it('keeps message ids of different platforms apart', async () => {
    const a = await tb.bot.handle(groupMessage('帮助', { messageId: 'same-id', platform: 'wecom' }));
    const b = await tb.bot.handle(groupMessage('帮助', { messageId: 'same-id', platform: 'dingtalk' }));
    expect([a.kind, b.kind]).toEqual(['answered', 'answered']);
  });

  it('routes text that merely starts with a command name to the question answerer', async () => {
    const text = await say(tb, '阶段性的工作要求有哪些');
    expect(text).not.toContain('用法：阶段');
  });
});

describe('README command table', () => {
  it('has a row for every visible command, with its English alias', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
    for (const command of tb.bot.commands.filter((c) => !c.hidden)) {
      const row = rows.find((r) => r.startsWith(`| \`${command.name}`));
      expect(row, command.name).toBeDefined();
      expect(row, command.name).toContain(`\`${command.aliases[0] ?? ''}\``);
    }
  });
});
