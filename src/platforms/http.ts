// Outbound HTTP to the platforms: one JSON POST helper with a per-request timeout, bounded retries
// and no redirects; answers are read with the platform's errcode table (platforms/<name>/errors.ts).
// Only what cannot have reached the platform is repeated on the spot (refused connections, 5xx):
// a send that timed out may have been delivered, so it is "unknown" and never sent again. Every
// sender returns a SendResult instead of throwing, with a typed `reason` (src/send-failure.ts) from
// which callers decide: retry now, never resend (it may have arrived), or mark the channel dead.
// Logs carry platform, target kind, status, errcode and meaning; never URLs (they hold keys and
// tokens), request bodies (the message text) or response fields that could echo a secret.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from '../log.js';
import { channelDead, mayHaveArrived, retryable, type FailureReason } from '../send-failure.js';
import { sleep } from '../time.js';

export type { FailureReason } from '../send-failure.js';

export type PlatformName = 'wecom' | 'dingtalk';

export interface HttpTuning {
  /** Per attempt, including reading the response (default 5000 ms). */
  timeoutMs?: number;
  /** Extra attempts after the first, for refused connections and 5xx only (default 2). */
  retries?: number;
  /** First back-off delay; doubled after each failed attempt (default 300 ms). */
  backoffMs?: number;
}

export interface SendOptions extends HttpTuning {
  logger: Logger;
}

export interface SendOk {
  ok: true;
}

export interface SendFailure {
  ok: false;
  /** The platform's errcode when it sent one. */
  errcode?: number;
  /** HTTP status when a response arrived. */
  status?: number;
  /** What went wrong, in English, safe to log (no secrets). */
  meaning: string;
  /** The same for admins, in Chinese, when the platform's table has it (else push/explain.ts words it). */
  explanation?: string;
  /** Why, as the push service acts on it (retry, never resend, dead channel): see send-failure.ts. */
  reason: FailureReason;
}

export type SendResult = SendOk | SendFailure;

export type HttpOutcome =
  | { kind: 'response'; status: number; body: unknown }
  /** refused: the request never reached the server (safe to repeat); timeout / network: it may have. */
  | { kind: 'network'; reason: 'timeout' | 'network' | 'refused' };

/** One errcode: what the log says (English), what admins read (Chinese), and what may be done. */
export interface ErrorInfo {
  meaning: string;
  explain: string;
  reason: FailureReason;
}

/** A platform's errcode table (platforms/<name>/errors.ts). */
export type ErrorTable = Readonly<Record<number, ErrorInfo>>;

export const DEFAULT_TUNING: Required<HttpTuning> = { timeoutMs: 5000, retries: 2, backoffMs: 300 };

/** The first outcome settles a request (answer, error and timeout race); `cancel` stops the rest. */
export function settleOnce<T>(resolve: (value: T) => void, cancel: () => void): (value: T) => void {
  let settled = false;
  return (value) => {
    if (settled) return;
    settled = true;
    cancel();
    resolve(value);
  };
}

/** Sends every part in order through one sender; stops at the first failure and returns it. */
export async function sendInOrder<T>(parts: readonly T[], send: (part: T) => Promise<SendResult>): Promise<SendResult> {
  for (const part of parts) {
    const result = await send(part);
    if (!result.ok) return result;
  }
  return { ok: true };
}

/** POST a JSON body; retries refused connections and 5xx with exponential back-off. Never throws. */
export async function postJson(
  url: string,
  payload: unknown,
  options: HttpTuning & { headers?: Record<string, string> } = {},
): Promise<HttpOutcome> {
  const { timeoutMs, retries, backoffMs } = { ...DEFAULT_TUNING, ...stripUndefined(options) };
  const body = JSON.stringify(payload);
  let last: HttpOutcome = { kind: 'network', reason: 'network' };
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1));
    last = await postOnce(url, body, options.headers ?? {}, timeoutMs);
    if (last.kind === 'response' ? last.status < 500 : last.reason !== 'refused') return last;
  }
  return last;
}

// node:http with keep-alive rather than fetch: under load fetch (WHATWG streams, AbortSignal,
// Headers) was the largest cost of a DingTalk answer (npm run bench, BENCHMARKS.md).
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** One attempt: the timeout covers the whole exchange; a redirect is not followed (a network error, as before). */
function postOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ kind: 'network', reason: 'network' });
      return;
    }
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      resolve({ kind: 'network', reason: 'network' });
      return;
    }
    const done = settleOnce(resolve, () => clearTimeout(timer));
    const req = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          req.destroy();
          done({ kind: 'network', reason: 'network' });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ kind: 'response', status, body: parseJson(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', () => done({ kind: 'network', reason: 'network' }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ kind: 'network', reason: 'timeout' });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ kind: 'network', reason: neverSent(err, req.reusedSocket) ? 'refused' : 'network' }));
    req.end(body);
  });
}

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The request cannot have reached the server: no connection was made, or a kept-alive socket the
 * server had already closed was reset on reuse (Node's documented keep-alive race).
 */
function neverSent(err: NodeJS.ErrnoException, reusedSocket: boolean): boolean {
  const code = err.code ?? '';
  return NOT_CONNECTED.has(code) || (reusedSocket && code === 'ECONNRESET');
}

/** A failure for a request that got no response. */
export function networkFailure(reason: 'timeout' | 'network' | 'refused'): SendFailure {
  if (reason === 'refused') return { ok: false, meaning: 'connection refused', reason: 'refused' };
  return reason === 'timeout' ? { ok: false, meaning: 'request timed out', reason: 'timeout' } : { ok: false, meaning: 'network error', reason: 'network' };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Errcode of a platform JSON answer (number or numeric string), or undefined. */
export function errcodeOf(body: unknown): number | undefined {
  if (!isRecord(body)) return undefined;
  const code = body.errcode;
  if (typeof code === 'number' && Number.isFinite(code)) return code;
  if (typeof code === 'string' && /^-?\d+$/.test(code)) return Number(code);
  return undefined;
}

/** Turns a webhook-style answer (HTTP 200 with errcode) into a SendResult. */
export function interpretWebhook(errors: ErrorTable, outcome: HttpOutcome): SendResult {
  if (outcome.kind === 'network') return networkFailure(outcome.reason);
  const { status, body } = outcome;
  if (status >= 500) return { ok: false, status, meaning: `server error ${status}`, reason: 'busy' };
  if (status === 404 || status === 410) return { ok: false, status, meaning: 'address not found', reason: 'invalid_webhook' };
  if (status === 429) return { ok: false, status, meaning: 'too many requests', reason: 'rate_limited' };
  if (status >= 300) return { ok: false, status, meaning: `http status ${status}`, reason: 'rejected' };
  const errcode = errcodeOf(body);
  if (errcode === undefined || errcode === 0) return { ok: true };
  const info = errors[errcode];
  return {
    ok: false,
    status,
    errcode,
    meaning: info?.meaning ?? 'unknown error',
    ...(info ? { explanation: info.explain } : {}),
    reason: info?.reason ?? 'rejected',
  };
}

/** One log line per send, without URL, body or secrets. */
export function logSend(logger: Logger, platform: PlatformName, target: string, result: SendResult): void {
  if (result.ok) {
    logger.debug({ platform, target }, 'platform send ok');
    return;
  }
  const { errcode, status, meaning, reason } = result;
  logger.warn(
    { platform, target, status, errcode, meaning, reason, retryable: retryable(reason), unknown: mayHaveArrived(reason), dead: channelDead(reason) },
    'platform send failed',
  );
}
