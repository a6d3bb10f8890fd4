// Every environment variable in one zod schema. A malformed value stops start-up with a message
// naming the variable; secrets are never echoed back.
import { z } from 'zod';
import { resolve } from 'node:path';
import { describeUnknown, loadEnvFile, unknownVariables, type EnvFile } from './env-file.js';
import { zhError } from './zod-zh.js';
import { shanghaiYear, systemNow } from './time.js';
import { reminderScheduleEnv, reminderTimeEnv } from './reminders/settings.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s]+$/.test(v), '必须是 http:// 或 https:// 开头的地址')
  .transform((v) => v.replace(/\/+$/, ''));

const bool = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

/** An integer in [min, max]; unset or blank gives `fallback`. */
const intOr = <F extends number | undefined>(min: number, max: number, fallback: F) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | F => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `必须是 ${min} 到 ${max} 之间的整数` });
        return z.NEVER;
      }
      return n;
    });

const intIn = (min: number, max: number, fallback: number) => intOr(min, max, fallback);
const optionalInt = (min: number, max: number) => intOr(min, max, undefined);

/** WeCom EncodingAESKey: 43 characters of base64 (it decodes to a 32-byte AES key). */
const encodingAesKey = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const key = v.trim();
    if (!/^[A-Za-z0-9+/]{43}$/.test(key) || Buffer.from(`${key}=`, 'base64').length !== 32) {
      ctx.addIssue({ code: 'custom', message: '必须是企业微信后台给出的 43 位 EncodingAESKey' });
      return z.NEVER;
    }
    return key;
  });

const adminIds = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const ids = (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const id of ids) {
      if (!/^(wecom|dingtalk|console):\S+$/.test(id)) {
        ctx.addIssue({ code: 'custom', message: `"${id}" 不是 平台:用户ID 形式（例如 wecom:zhangsan）` });
        return z.NEVER;
      }
    }
    return new Set(ids);
  });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: intIn(0, 65535, 3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CAMPAIGN_YEAR: intIn(2019, 2100, shanghaiYear(systemNow())),
  ADMIN_IDS: adminIds,

  WECOM_TOKEN: optionalString,
  WECOM_ENCODING_AES_KEY: encodingAesKey,
  WECOM_RECEIVE_ID: optionalString,
  WECOM_API_BASE: url.default('https://qyapi.weixin.qq.com'),
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_WS_URL: z
    .string()
    .trim()
    .refine((v) => /^wss?:\/\/[^\s]+$/.test(v), '必须是 ws:// 或 wss:// 开头的地址')
    .default('wss://openws.work.weixin.qq.com'),

  DINGTALK_APP_KEY: optionalString,
  DINGTALK_APP_SECRET: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  /** stream (long connection, no public URL) or http (callbacks to POST /dingtalk); see dingtalkMode. */
  DINGTALK_MODE: z.enum(['stream', 'http', '']).optional().transform((v) => (v === '' ? undefined : v)),
  DINGTALK_API_BASE: url.default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: url.default('https://oapi.dingtalk.com'),

  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\//.test(v), '必须是 redis:// 或 rediss:// 开头的地址'),
  REDIS_PREFIX: z.string().trim().min(1).max(64).default('djzs:'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  /** Where photo files live; DATA_DIR/files when unset (see photoDir). */
  PHOTO_DIR: optionalString,
  PHOTO_MAX_MB: intIn(1, 50, 10),
  /** Hosts WeCom image URLs may come from (comma-separated, *.suffix allowed); empty: any https host. */
  WECOM_MEDIA_HOSTS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)),

  PUBLIC_BASE_URL: url.optional(),
  EXPORT_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, '至少 16 个字符'),
  EXPORT_TTL_MINUTES: intIn(1, 7 * 24 * 60, 30),
  DASHBOARD_TTL_MINUTES: intIn(5, 30 * 24 * 60, 24 * 60),

  METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, '至少 16 个字符'),
  /** A second listener for /metrics only, always on 127.0.0.1 (then the main port answers 404 there). */
  METRICS_PORT: optionalInt(1, 65535),
  /** Slow clients: the whole request head, the body, and the whole request must arrive within these. */
  HEADERS_TIMEOUT_MS: intIn(500, 120_000, 10_000),
  BODY_TIMEOUT_MS: intIn(500, 120_000, 10_000),
  REQUEST_TIMEOUT_MS: intIn(1000, 600_000, 30_000),
  SHUTDOWN_TIMEOUT_MS: intIn(1000, 120_000, 10_000),

  SCHEDULES_ENABLED: bool(true),
  REMINDER_TIME: reminderTimeEnv,
  REMINDER_SCHEDULE: reminderScheduleEnv,
  PUSH_CONCURRENCY: intIn(1, 20, 4),
});

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parse the environment; throws ConfigError naming each bad variable (never its value). A variable
 * set to nothing (`PORT=` in .env) means its default, like one not set at all.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    input[key] = value === undefined || value.trim() === '' ? undefined : value;
  }
  const parsed = configSchema.safeParse(input, { error: zhError });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(环境变量)'}: ${i.message}`));
  }
  const problems = pairProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

export const KNOWN_VARIABLES: readonly string[] = Object.keys(configSchema.shape);

export interface StartupConfig {
  config: Config;
  /** The .env file read, if there was one. */
  envFile?: string;
  /** Chinese warnings about variables that look like ours but are not (typos, unknown names). */
  warnings: string[];
}

/**
 * Configuration as the server and the CLIs start with it: the real environment first, then the
 * .env file (by default in the working directory; `npm start` runs in the project folder) for
 * whatever the environment leaves unset, then the defaults.
 */
export function loadStartupConfig(env: NodeJS.ProcessEnv = process.env, envPath = '.env'): StartupConfig {
  let file: EnvFile | undefined;
  try {
    file = loadEnvFile(envPath, env);
  } catch (err) {
    throw new ConfigError([`无法读取 ${envPath}：${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  const config = loadConfig(env);
  const warnings = unknownVariables(env, file?.keys ?? [], KNOWN_VARIABLES).map(describeUnknown);
  return { config, warnings, ...(file ? { envFile: resolve(file.path) } : {}) };
}

/** Settings that only work together. */
function pairProblems(c: Config): string[] {
  const problems: string[] = [];
  if ((c.WECOM_BOT_ID === undefined) !== (c.WECOM_BOT_SECRET === undefined)) {
    problems.push('WECOM_BOT_ID 和 WECOM_BOT_SECRET 要一起设置（企业微信智能机器人长连接）');
  }
  if (c.DINGTALK_MODE === 'stream' && (c.DINGTALK_APP_KEY === undefined || c.DINGTALK_APP_SECRET === undefined)) {
    problems.push('DINGTALK_MODE=stream 需要 DINGTALK_APP_KEY（Client ID）和 DINGTALK_APP_SECRET（Client Secret）');
  }
  if (c.HEADERS_TIMEOUT_MS > c.REQUEST_TIMEOUT_MS || c.BODY_TIMEOUT_MS > c.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS 和 BODY_TIMEOUT_MS 不能大于 REQUEST_TIMEOUT_MS');
  }
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT === c.PORT) problems.push('METRICS_PORT 不能与 PORT 相同');
  return problems;
}

/**
 * Who may read /metrics. Outside production it is open unless METRICS_TOKEN is set. In production
 * it needs the token, or a listener on loopback only (METRICS_PORT); with neither it is refused.
 */
export type MetricsAccess =
  | { mode: 'token'; token: string; listener: 'main' | 'loopback' }
  | { mode: 'open'; listener: 'main' | 'loopback' }
  | { mode: 'refused'; listener: 'main' };

export function metricsAccess(c: Config): MetricsAccess {
  const listener = c.METRICS_PORT !== undefined ? 'loopback' : 'main';
  if (c.METRICS_TOKEN !== undefined) return { mode: 'token', token: c.METRICS_TOKEN, listener };
  if (listener === 'loopback' || c.NODE_ENV !== 'production') return { mode: 'open', listener };
  return { mode: 'refused', listener: 'main' };
}

/** WeCom AI bot long connection: on when the bot's BotID and Secret are set. */
export function wecomLongConnection(c: Config): { botId: string; secret: string; url: string } | undefined {
  return c.WECOM_BOT_ID && c.WECOM_BOT_SECRET ? { botId: c.WECOM_BOT_ID, secret: c.WECOM_BOT_SECRET, url: c.WECOM_WS_URL } : undefined;
}

/**
 * How DingTalk messages arrive: Stream mode (an outbound long connection: no public URL, the
 * default whenever Client ID and Secret are set) or HTTP callbacks (only the secret is needed to
 * verify them). Undefined when DingTalk is not configured.
 */
export function dingtalkMode(c: Config): 'stream' | 'http' | undefined {
  if (c.DINGTALK_APP_SECRET === undefined) return undefined;
  return c.DINGTALK_MODE ?? (c.DINGTALK_APP_KEY !== undefined ? 'stream' : 'http');
}

export function wecomEnabled(c: Config): c is Config & { WECOM_TOKEN: string; WECOM_ENCODING_AES_KEY: string } {
  return c.WECOM_TOKEN !== undefined && c.WECOM_ENCODING_AES_KEY !== undefined;
}

export function dingtalkEnabled(c: Config): c is Config & { DINGTALK_APP_SECRET: string } {
  return c.DINGTALK_APP_SECRET !== undefined;
}

export function isAdminId(c: Config, platform: string, userId: string): boolean {
  return c.ADMIN_IDS.has(`${platform}:${userId}`);
}

/** The photo directory: PHOTO_DIR, else DATA_DIR/files (with Redis too: ./data/files by default). */
export function photoDir(c: Pick<Config, 'PHOTO_DIR' | 'DATA_DIR'>): string {
  return resolve(c.PHOTO_DIR ?? `${c.DATA_DIR.replace(/\/+$/, '')}/files`);
}

/** Where users reach this server (export links); set PUBLIC_BASE_URL behind a proxy. */
export function publicBaseUrl(c: Config): string {
  return c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`;
}
