// Start-up behaviour of the platform layer: disabled platforms answer 404 and are logged as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatformApp, type PlatformApp } from '../support/platform-app.js';
import { dingtalkHeaders, dingtalkText, post, type CapturedLogger, type RunningApp } from './support.js';

let stack: PlatformApp;
let app: RunningApp;
let log: CapturedLogger;

beforeAll(async () => {
  stack = await startPlatformApp();
  ({ app, log } = stack);
});

afterAll(() => stack.close());

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
