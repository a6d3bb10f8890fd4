// Start-up behaviour of the platform layer: disabled platforms answer 404 and are logged as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformModules } from '../../src/platforms/index.js';
import { BackgroundTasks } from '../../src/tasks.js';
import { createInbox } from '../../src/inbox.js';
import { createTestBot, type TestBot } from '../support/bot.js';
import { captureLogger, dingtalkHeaders, dingtalkText, post, startApp, type RunningApp } from './support.js';

let tb: TestBot;
let app: RunningApp;
const log = captureLogger();

beforeAll(async () => {
  tb = await createTestBot();
  app = await startApp(platformModules({ config: tb.config, inbox: createInbox(tb.bot, tb.services.push, log.logger), logger: log.logger, tasks: new BackgroundTasks(log.logger) }), log.logger);
});

afterAll(async () => {
  await app.close();
  await tb.close();
});

describe('platforms without secrets', () => {
  it('logs which platforms are enabled at start-up', () => {
    const line = log.lines.find((l) => l.includes('"msg":"http callbacks"'));
    expect(line).toBeDefined();
    expect(line).toContain('"wecomCallback":"disabled');
    expect(line).toContain('"dingtalkCallback":"disabled');
  });

  it('answers 404 on /wecom and /dingtalk, whatever is sent', async () => {
    expect((await fetch(`${app.url}/wecom?msg_signature=a&timestamp=1&nonce=2&echostr=x`)).status).toBe(404);
    expect((await post(`${app.url}/wecom?msg_signature=a&timestamp=1&nonce=2`, '{"encrypt":"x"}', { 'content-type': 'application/json' })).status).toBe(404);
    const res = await post(`${app.url}/dingtalk`, JSON.stringify(dingtalkText({ msgId: 'm1', content: '第7条' })), dingtalkHeaders('any'));
    expect(res.status).toBe(404);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
