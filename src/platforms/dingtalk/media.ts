// DingTalk robot message files: a picture's downloadCode is exchanged for a short-lived URL with
// `POST {api}/v1.0/robot/messageFiles/download` {downloadCode, robotCode} (header
// x-acs-dingtalk-access-token), then the URL is fetched. Needs the app's Client ID and Secret
// (for the token) and the robot code (the callback's robotCode, else DINGTALK_ROBOT_CODE).
import type { IncomingMessage } from '../../bot/message.js';
import type { Logger } from '../../log.js';
import type { MessageFields } from '../decode.js';
import { isRecord, postJson } from '../http.js';
import { asFetched, downloadBytes } from '../media.js';
import type { DingtalkReplyFields } from './decode.js';
import { DingtalkOpenApi } from './openapi.js';
import type { Attachment, FetchedFile } from '../../core.js';

export interface DingtalkMediaOptions {
  apiBase: string;
  appKey?: string;
  appSecret?: string;
  robotCode?: string;
  maxBytes: number;
  logger: Logger;
  timeoutMs?: number;
}

export class DingtalkMedia {
  private readonly api: DingtalkOpenApi | undefined;
  private readonly base: string;
  private readonly apiHost: string;

  constructor(private readonly options: DingtalkMediaOptions) {
    this.base = options.apiBase.replace(/\/+$/, '');
    this.apiHost = new URL(this.base).host;
    this.api =
      options.appKey !== undefined && options.appSecret !== undefined
        ? new DingtalkOpenApi({ apiBase: this.base, appKey: options.appKey, appSecret: options.appSecret, robotCode: options.robotCode ?? '', logger: options.logger })
        : undefined;
  }

  attachments(extra: DingtalkReplyFields): Attachment[] {
    const robotCode = extra.robotCode ?? this.options.robotCode;
    return (extra.downloadCodes ?? []).map((code) => ({ kind: 'image' as const, fetch: () => this.fetch(code, robotCode) }));
  }

  private async fetch(downloadCode: string, robotCode: string | undefined): Promise<FetchedFile> {
    if (!this.api || robotCode === undefined) return { ok: false, reason: 'unavailable' };
    let url: string | undefined;
    for (let attempt = 0; attempt < 2 && url === undefined; attempt += 1) {
      const token = await this.api.accessToken();
      if (!token.ok) return { ok: false, reason: 'failed' };
      const outcome = await postJson(`${this.base}/v1.0/robot/messageFiles/download`, { downloadCode, robotCode }, { headers: { 'x-acs-dingtalk-access-token': token.token }, retries: 1 });
      if (outcome.kind === 'response' && outcome.status === 200 && isRecord(outcome.body) && typeof outcome.body.downloadUrl === 'string') {
        url = outcome.body.downloadUrl;
      } else if (outcome.kind === 'response' && (outcome.status === 401 || outcome.status === 403) && attempt === 0 && !expiredCode(outcome.body)) {
        this.api.invalidate();
      } else {
        // 400/404 with a code about the downloadCode: it is old or not ours.
        const expired = outcome.kind === 'response' && outcome.status >= 400 && outcome.status < 500;
        this.options.logger.warn({ platform: 'dingtalk', status: outcome.kind === 'response' ? outcome.status : outcome.reason }, 'message file download refused');
        return { ok: false, reason: expired ? 'expired' : 'failed' };
      }
    }
    if (url === undefined) return { ok: false, reason: 'failed' };
    // The URL is the platform's own answer: https (OSS), or the API host itself (local fakes).
    const got = await downloadBytes(url, {
      maxBytes: this.options.maxBytes,
      allowed: (u) => u.protocol === 'https:' || u.host === this.apiHost,
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
    });
    return asFetched(got);
  }
}

function expiredCode(body: unknown): boolean {
  return isRecord(body) && typeof body.code === 'string' && /download|code|expire/i.test(body.code) && !/token/i.test(body.code);
}

export function dingtalkMedia(
  config: { DINGTALK_API_BASE: string; DINGTALK_APP_KEY?: string | undefined; DINGTALK_APP_SECRET?: string | undefined; DINGTALK_ROBOT_CODE?: string | undefined; PHOTO_MAX_MB: number },
  logger: Logger,
): DingtalkMedia {
  return new DingtalkMedia({
    apiBase: config.DINGTALK_API_BASE,
    ...(config.DINGTALK_APP_KEY !== undefined ? { appKey: config.DINGTALK_APP_KEY } : {}),
    ...(config.DINGTALK_APP_SECRET !== undefined ? { appSecret: config.DINGTALK_APP_SECRET } : {}),
    ...(config.DINGTALK_ROBOT_CODE !== undefined ? { robotCode: config.DINGTALK_ROBOT_CODE } : {}),
    maxBytes: config.PHOTO_MAX_MB * 1_048_576,
    logger,
  });
}

/** The decoded message with its pictures as attachments (HTTP and Stream alike). */
export function withPictures(message: MessageFields, extra: DingtalkReplyFields, media: DingtalkMedia | undefined): MessageFields & Pick<IncomingMessage, 'attachments'> {
  const attachments = media?.attachments(extra) ?? [];
  return attachments.length > 0 ? { ...message, attachments } : message;
}
