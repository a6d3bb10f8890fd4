// The 标准 / 阶段 / 提问 handlers through the real bot (router, permission, usage errors).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ask from '../../handlers/ask.js';
import criteria from '../../handlers/criteria.js';
import phase from '../../handlers/phase.js';
import type { CommandSpec } from '../../src/bot/command.js';
import { createTestBot, groupMessage, type TestBot } from '../support/bot.js';
import { at, kb } from './support.js';
import type { Reply } from '../../src/core.js';

const NOW = at('2026-10-08');

let tb: TestBot;
beforeAll(async () => {
  tb = await createTestBot();
});
afterAll(async () => tb.close());

/** Sends "<command> <args>" as a group member at `now` and returns the bot's reply. */
async function run(command: CommandSpec, args: string, now = NOW): Promise<Reply> {
  tb.clock.now = now;
  const outcome = await tb.bot.handle(groupMessage(`${command.name} ${args}`.trim()));
  if (outcome.kind !== 'answered') throw new Error('no answer');
  return outcome.reply;
}

describe('标准', () => {
  it('is declared as specified', () => {
    expect(criteria).toMatchObject({ name: '标准', aliases: ['criteria', '标准查询'], usage: '标准 [编号|标准名]', example: '标准 7', permission: 'everyone' });
  });

  it('lists the six standards with their ranges when given nothing', async () => {
    const r = await run(criteria, '');
    expect(r.markdown).toContain('团结凝聚群众好**：第4–7条');
    expect(r.markdown).toContain('加强自身建设好**：第18–25条');
  });

  it.each([
    ['7', 7],
    ['七', 7],
    ['第7条', 7],
    ['第十二条', 12],
    ['二十五', 25],
  ])('quotes criterion %s', async (args, n) => {
    const r = await run(criteria, args);
    expect(r.markdown).toContain(`【附件第${n}条 · ${kb().standardOf(n).name}】`);
    expect(r.markdown).toContain(`> ${n}.${kb().criterion(n)?.text ?? '(missing)'}`);
  });

  it('lists a standard’s criteria by full or partial name', async () => {
    const r = await run(criteria, '团结凝聚群众');
    for (const n of [4, 5, 6, 7]) expect(r.markdown).toContain(kb().criterion(n)?.text ?? '(missing)');
    expect(r.markdown).not.toContain(kb().criterion(8)?.text ?? '(missing)');
    expect((await run(criteria, '自身建设')).title).toBe('加强自身建设好（第18–25条）');
  });

  it('answers out-of-range numbers and unknown names in Chinese with usage and an example', async () => {
    const thirty = (await run(criteria, '30')).markdown;
    expect(thirty).toMatch(/共 25 条（第1–25条），没有第30条/u);
    expect(thirty).toContain('用法：标准 [编号|标准名]');
    expect(thirty).toContain('例如：标准 7');
    expect((await run(criteria, '0')).markdown).toContain('用法：标准');
    expect((await run(criteria, '天气')).markdown).toMatch(/不是标准编号/u);
  });
});

describe('阶段', () => {
  it('is declared as specified', () => {
    expect(phase).toMatchObject({ name: '阶段', aliases: ['phase'], usage: '阶段 [日期]', example: '阶段 11月5日', permission: 'everyone' });
  });

  it.each([
    ['', '组织实施阶段', '距本阶段结束还有 23 天'],
    ['今天', '组织实施阶段', '距本阶段结束还有 23 天'],
    ['明天', '组织实施阶段', '距本阶段结束还有 22 天'],
    ['11月5日', '总结提高阶段', '2026年11月5日'],
    ['2026-11-05', '总结提高阶段', '2026年11月5日'],
    ['11.5', '总结提高阶段', '2026年11月5日'],
    ['9月20日', '动员部署阶段', '今天是本阶段最后一天'],
    ['12月1日', '总结提高阶段', '不在2026年“双强六好”活动期内'],
    ['动员部署', '动员部署阶段', '已结束'],
  ])('阶段 %s', async (args, name, text) => {
    const r = await run(phase, args);
    expect(r.markdown).toContain(name);
    expect(r.markdown).toContain(text);
  });

  it('uses the campaign year for dates without a year', async () => {
    expect((await run(phase, '11月5日', at('2027-01-10'))).markdown).toContain('2026年11月5日');
  });

  it.each(['13月5日', '2月30日', '后年', '下雨', '2026-13-01'])('answers %s with usage and an example', async (args) => {
    const text = (await run(phase, args)).markdown;
    expect(text).toContain('用法：阶段 [日期]');
    expect(text).toContain('例如：阶段 11月5日');
  });
});

describe('提问', () => {
  it('is the hidden fallback for everyone', () => {
    expect(ask).toMatchObject({ name: '提问', aliases: ['ask', '问'], hidden: true, permission: 'everyone' });
  });

  it('answers with the knowledge base', async () => {
    const r = await run(ask, '下基层服务一年要几次');
    expect(r.markdown).toContain('【附件第7条 · 团结凝聚群众好】');
    expect((await run(ask, '食堂几点开饭')).markdown).toContain('**帮助**');
  });
});
