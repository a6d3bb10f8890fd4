// DingTalk enterprise robot OpenAPI: an access token (cached until shortly before it expires,
// fetched once even when many sends need it at the same time) and group / single-chat sends.
// Errors come back as HTTP 4xx with {code, message}; an auth error drops the cached token and
// tries once more with a fresh one.
import { systemNow, type Now } from '../../time.js';
import { isRecord, logSend, networkFailure, postJson, sendInOrder, type HttpOutcome, type SendFailure, type SendOptions, type SendResult } from '../http.js';
import { jsonStringBytes, LIMITS, paginate } from '../render.js';
import type { Reply } from '../../core.js';

export interface DingtalkOpenApiOptions extends SendOptions {
  /** DINGTALK_API_BASE */
  apiBase: string;
  appKey: string;
  appSecret: string;
  robotCode: string;
  now?: Now;
  /** Refresh this long before the token expires (default 5 minutes). */
  refreshMarginMs?: number;
}

export interface MarkdownParam {
  title: string;
  text: string;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

export type TokenResult = { ok: true; token: string } | SendFailure;

export class DingtalkOpenApi {
  private cached: CachedToken | undefined;
  private pending: Promise<TokenResult> | undefined;
  private readonly base: string;
  private readonly now: Now;

  constructor(private readonly options: DingtalkOpenApiOptions) {
    this.base = options.apiBase.replace(/\/+$/, '');
    this.now = options.now ?? systemNow;
  }

  /** A valid access token, from the cache when it has more than the margin left. */
  async accessToken(): Promise<TokenResult> {
    const margin = this.options.refreshMarginMs ?? 5 * 60_000;
    if (this.cached && this.cached.expiresAt - margin > this.now().getTime()) return { ok: true, token: this.cached.value };
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forget the cached token (after the platform rejected it). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<TokenResult> {
    const { appKey, appSecret } = this.options;
    const outcome = await postJson(`${this.base}/v1.0/oauth2/accessToken`, { appKey, appSecret }, this.options);
    if (outcome.kind === 'response' && outcome.status === 200 && isRecord(outcome.body)) {
      const { accessToken, expireIn } = outcome.body;
      if (typeof accessToken === 'string' && accessToken !== '') {
        const seconds = typeof expireIn === 'number' && expireIn > 0 ? expireIn : 7200;
        this.cached = { value: accessToken, expiresAt: this.now().getTime() + seconds * 1000 };
        return { ok: true, token: accessToken };
      }
    }
    const failure = openApiFailure(outcome);
    // A rejected appKey/appSecret is a configuration error, not a dead chat.
    // Asking for a token sends no message: it is never "unknown" and may be asked for again.
    const result: SendFailure = { ...failure, meaning: `access token: ${failure.meaning}`, reason: 'token' };
    logSend(this.options.logger, 'dingtalk', 'dingtalk-openapi-token', result);
    return result;
  }

  /** `POST /v1.0/robot/groupMessages/send` (no @ support in this API). */
  async sendGroup(openConversationId: string, msgKey: string, msgParam: string): Promise<SendResult> {
    return this.send('/v1.0/robot/groupMessages/send', { openConversationId }, msgKey, msgParam, 'dingtalk-openapi-group');
  }

  /** `POST /v1.0/robot/oToMessages/batchSend`: single chats with users of the robot's org. */
  async sendToUsers(userIds: readonly string[], msgKey: string, msgParam: string): Promise<SendResult> {
    return this.send('/v1.0/robot/oToMessages/batchSend', { userIds: [...userIds] }, msgKey, msgParam, 'dingtalk-openapi-users');
  }

  /** A reply as one or more `sampleMarkdown` single-chat messages (msgParam ≤ 15000 bytes each). */
  sendUsersMarkdown(userIds: readonly string[], reply: Reply): Promise<SendResult> {
    return sendInOrder(markdownParams(reply), (param) => this.sendToUsers(userIds, 'sampleMarkdown', JSON.stringify(param)));
  }

  private async send(
    path: string,
    target: Record<string, unknown>,
    msgKey: string,
    msgParam: string,
    label: string,
  ): Promise<SendResult> {
    const body = { robotCode: this.options.robotCode, ...target, msgKey, msgParam };
    let result: SendResult = { ok: false, meaning: 'not sent', reason: 'token' };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const token = await this.accessToken();
      if (!token.ok) return token;
      const outcome = await postJson(`${this.base}${path}`, body, {
        ...this.options,
        headers: { 'x-acs-dingtalk-access-token': token.token },
      });
      result = outcome.kind === 'response' && outcome.status === 200 ? { ok: true } : openApiFailure(outcome);
      if (result.ok || !isAuthFailure(outcome)) break;
      this.invalidate();
    }
    logSend(this.options.logger, 'dingtalk', label, result);
    return result;
  }
}

/** Splits a reply so that each JSON msgParam {title, text} stays within 15000 bytes. */
export function markdownParams(reply: Reply): MarkdownParam[] {
  const overhead = jsonStringBytes(reply.title) + 32; // {"title":"…","text":"…"}
  const parts = paginate(reply.markdown, { maxBytes: LIMITS.dingtalkMsgParam - overhead, measure: jsonStringBytes });
  return parts.map((text) => ({ title: reply.title, text }));
}

function codeOf(outcome: HttpOutcome): string {
  if (outcome.kind !== 'response' || !isRecord(outcome.body)) return '';
  const code = outcome.body.code;
  return typeof code === 'string' ? code : '';
}

function isAuthFailure(outcome: HttpOutcome): boolean {
  if (outcome.kind !== 'response') return false;
  return outcome.status === 401 || outcome.status === 403 || /token|authentication/i.test(codeOf(outcome));
}

export function openApiFailure(outcome: HttpOutcome): SendFailure {
  if (outcome.kind === 'network') return networkFailure(outcome.reason);
  const { status } = outcome;
  const code = codeOf(outcome);
  // `code` is a symbolic name such as "InvalidAuthentication" — safe to log; `message` is not kept.
  const named = /^[A-Za-z0-9._-]{1,80}$/.test(code) ? ` (${code})` : '';
  if (status >= 500) return { ok: false, status, meaning: `server error ${status}${named}`, reason: 'busy' };
  if (status === 429 || /throttl|limit|frequen/i.test(code)) {
    return { ok: false, status, meaning: `rate limited${named}`, reason: 'rate_limited' };
  }
  if (isAuthFailure(outcome)) return { ok: false, status, meaning: `access token rejected${named}`, reason: 'token' };
  if (status === 404 || /notfound|not\.found|robot\.?not|conversation/i.test(code)) {
    return { ok: false, status, meaning: `robot or conversation not found${named}`, reason: 'invalid_webhook' };
  }
  return { ok: false, status, meaning: `request refused ${status}${named}`, reason: 'rejected' };
}
