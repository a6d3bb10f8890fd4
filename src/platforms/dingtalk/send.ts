// DingTalk robot messages: replies through a callback's sessionWebhook, and custom robot pushes.
// A sessionWebhook's host is never trusted: only its path and query are kept and sent to our
// configured DINGTALK_OAPI_BASE.
import { systemNow, type Now } from '../../time.js';
import { interpretWebhook, logSend, postJson, type SendOptions, type SendResult } from '../http.js';
import { jsonStringBytes, LIMITS, paginate } from '../render.js';
import { dingtalkSign } from './sign.js';
import { DINGTALK_ERRORS } from './errors.js';
import type { Reply } from '../../core.js';

export interface DingtalkAt {
  atUserIds?: string[];
  atMobiles?: string[];
  isAtAll?: boolean;
}

export type DingtalkMessage =
  | { msgtype: 'markdown'; markdown: { title: string; text: string }; at?: DingtalkAt }
  | { msgtype: 'text'; text: { content: string }; at?: DingtalkAt };

/** Room kept for the JSON around the text (msgtype, title, at) inside the 20000-byte body. */
const ENVELOPE_RESERVE = 1024;

/**
 * Our address for a callback's sessionWebhook: `${oapiBase}` + its path and query. Undefined when
 * it is not a URL or not a robot path.
 */
export function rebaseSessionWebhook(sessionWebhook: string, oapiBase: string): string | undefined {
  let url: URL;
  try {
    url = new URL(sessionWebhook);
  } catch {
    return undefined;
  }
  if (!url.pathname.startsWith('/robot/')) return undefined;
  return `${oapiBase.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}

export async function sendDingtalkSession(url: string, message: DingtalkMessage, options: SendOptions): Promise<SendResult> {
  const result = interpretWebhook(DINGTALK_ERRORS, await postJson(url, message, options));
  logSend(options.logger, 'dingtalk', 'dingtalk-session', result);
  return result;
}

export interface DingtalkRobotOptions extends SendOptions {
  /** DINGTALK_OAPI_BASE */
  oapiBase: string;
  now?: Now;
}

/** The custom robot send address, signed when the robot has a secret (SEC…). */
export function dingtalkRobotUrl(oapiBase: string, accessToken: string, secret: string | undefined, now: Date): string {
  const params = new URLSearchParams({ access_token: accessToken });
  if (secret) {
    const timestamp = String(now.getTime());
    params.set('timestamp', timestamp);
    params.set('sign', dingtalkSign(secret, timestamp));
  }
  return `${oapiBase.replace(/\/+$/, '')}/robot/send?${params.toString()}`;
}

/** Custom robot (自定义机器人) push: `POST {oapi}/robot/send?access_token=…&timestamp=…&sign=…`. */
export async function sendDingtalkRobot(
  accessToken: string,
  secret: string | undefined,
  message: DingtalkMessage,
  options: DingtalkRobotOptions,
): Promise<SendResult> {
  const url = dingtalkRobotUrl(options.oapiBase, accessToken, secret, (options.now ?? systemNow)());
  const result = interpretWebhook(DINGTALK_ERRORS, await postJson(url, message, options));
  logSend(options.logger, 'dingtalk', 'dingtalk-robot', result);
  return result;
}

/**
 * A reply as markdown messages within the body limit. The first part @-mentions `staffId` (in the
 * text, which DingTalk needs to render the mention, and in `at.atUserIds`).
 */
export function dingtalkMarkdownMessages(reply: Reply, staffId?: string): DingtalkMessage[] {
  const head = staffId ? `@${staffId}\n\n` : '';
  const maxBytes = LIMITS.dingtalkBody - ENVELOPE_RESERVE - jsonStringBytes(reply.title);
  const parts = paginate(reply.markdown, { maxBytes, head, measure: jsonStringBytes });
  return parts.map((text, i) => ({
    msgtype: 'markdown',
    markdown: { title: reply.title, text },
    ...(i === 0 && staffId ? { at: { atUserIds: [staffId] } } : {}),
  }));
}
