// Configuration: every variable validated at start-up, errors name the variable, secrets never echoed.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configSchema, loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { createStore } from '../../src/store/index.js';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
}

describe('loadConfig', () => {
  it('starts with no variables at all, with documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.DATA_DIR).toBe('./data');
    expect(c.REDIS_PREFIX).toBe('djzs:');
    expect(c.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
    expect(c.DINGTALK_OAPI_BASE).toBe('https://oapi.dingtalk.com');
    expect(c.CAMPAIGN_YEAR).toBeGreaterThanOrEqual(2026);
  });

  it('names each malformed variable with what is wrong', () => {
    expect(problems({ PORT: 'abc' })).toContain('PORT: 必须是 0 到 65535 之间的整数');
    expect(problems({ CAMPAIGN_YEAR: '19' })).toContain('CAMPAIGN_YEAR');
    expect(problems({ REDIS_URL: 'localhost:6379' })).toContain('REDIS_URL: 必须是 redis:// 或 rediss:// 开头的地址');
    expect(problems({ WECOM_API_BASE: 'qyapi.weixin.qq.com' })).toContain('WECOM_API_BASE');
    expect(problems({ ADMIN_IDS: 'zhangsan' })).toContain('ADMIN_IDS: "zhangsan" 不是 平台:用户ID 形式');
    expect(problems({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL');
    const both = problems({ PORT: '-1', HOST: '0.0.0.0', LOG_LEVEL: 'loud' });
    expect(both).toContain('PORT');
    expect(both).toContain('LOG_LEVEL');
  });

  it('reads a variable set to nothing as its default (PORT= in .env)', () => {
    const c = loadConfig({ NODE_ENV: '', PORT: '', HOST: ' ', LOG_LEVEL: '', DATA_DIR: '', REDIS_PREFIX: '', SCHEDULES_ENABLED: '' });
    expect(c).toMatchObject({ NODE_ENV: 'development', PORT: 3000, HOST: '0.0.0.0', LOG_LEVEL: 'info', DATA_DIR: './data', REDIS_PREFIX: 'djzs:', SCHEDULES_ENABLED: true });
  });

  it('says every problem in Chinese, zod’s own messages included', () => {
    const message = problems({
      NODE_ENV: 'prod',
      LOG_LEVEL: 'loud',
      REDIS_PREFIX: 'p'.repeat(65),
      SCHEDULES_ENABLED: 'maybe',
      REMINDER_SCHEDULE: '{"paper":{"daysBefore":"7"},"grassroots":true,"committee":"yes","weekly":{}}',
    });
    for (const name of ['NODE_ENV', 'LOG_LEVEL', 'REDIS_PREFIX', 'SCHEDULES_ENABLED', 'REMINDER_SCHEDULE']) expect(message).toContain(`${name}:`);
    expect(message).toContain('NODE_ENV: 必须是 development、production、test 之一');
    expect(message).toContain('REDIS_PREFIX: 最多 64 个字符');
    expect(message).toContain('不认识的项：weekly');
    // No English sentence from zod ("Invalid option: expected …", "Too big", "received …").
    expect(message).not.toMatch(/Invalid|expected|received|Too (big|small)|string|boolean/);
  });

  it('never repeats a secret value in its message', () => {
    const secretKey = 'this-is-not-a-valid-aes-key-but-a-secret';
    const message = problems({ WECOM_ENCODING_AES_KEY: secretKey, METRICS_TOKEN: 'short-secret', EXPORT_SECRET: 'tiny-secret' });
    expect(message).toContain('WECOM_ENCODING_AES_KEY: 必须是企业微信后台给出的 43 位 EncodingAESKey');
    expect(message).toContain('METRICS_TOKEN: 至少 16 个字符');
    expect(message).toContain('EXPORT_SECRET: 至少 16 个字符');
    for (const secret of [secretKey, 'short-secret', 'tiny-secret']) expect(message).not.toContain(secret);
  });

  it('normalises base URLs and reads admin ids', () => {
    const c = loadConfig({ DINGTALK_API_BASE: 'http://127.0.0.1:9000/', ADMIN_IDS: 'wecom:zhangsan, dingtalk:0123' });
    expect(c.DINGTALK_API_BASE).toBe('http://127.0.0.1:9000');
    expect([...c.ADMIN_IDS]).toEqual(['wecom:zhangsan', 'dingtalk:0123']);
  });
});

// Spawns the server through tsx: seconds on a loaded machine.
describe('start-up with a broken value', { timeout: 60_000 }, () => {
  it('exits at once with status 1, naming the variable and not printing the secret', () => {
    const secret = 'BROKENsecretVALUE';
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'not-a-port', DINGTALK_APP_SECRET: 'x', WECOM_ENCODING_AES_KEY: secret, REDIS_URL: '', NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('配置有误');
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).toContain('WECOM_ENCODING_AES_KEY');
    expect(run.stderr + run.stdout).not.toContain(secret);
  });
});

describe('documentation of the configuration', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const variables = Object.keys(configSchema.shape);

  it('lists every variable in the README table and in .env.example', () => {
    for (const name of variables) {
      expect(readme, name).toContain(`| \`${name}\` |`);
      // Set, or commented out (`# NAME=…`) where leaving it unset is the safe default.
      expect(example, name).toMatch(new RegExp(`^(# )?${name}=`, 'mu'));
    }
  });

  it('ships an .env.example that starts as it is on the embedded store', async () => {
    const env: Record<string, string> = {};
    for (const line of example.split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/u.exec(line);
      if (m?.[1]) env[m[1]] = m[2] ?? '';
    }
    const c = loadConfig(env);
    // A safe start as it is: the embedded store, development, no sample admins, no example domain.
    expect(c.REDIS_URL).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'djzs-example-'));
    const store = await createStore({ ...c, DATA_DIR: join(dir, 'data') }, silentLogger);
    try {
      expect(store.kind).toBe('embedded');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(c.NODE_ENV).toBe('development');
    expect(c.ADMIN_IDS.size).toBe(0);
    expect(c.PUBLIC_BASE_URL).toBeUndefined();
    expect(c.EXPORT_SECRET).toBeUndefined();
  });
});
