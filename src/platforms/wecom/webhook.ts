// WeCom group robot webhook (document/path/91770): POST {base}/cgi-bin/webhook/send?key=KEY.
// The key is taken from whatever URL a callback names, and the request always goes to our
// configured WECOM_API_BASE: a callback cannot make us POST to a host of its choosing.
import { interpretWebhook, logSend, postJson, type SendOptions, type SendResult } from '../http.js';
import { WECOM_ERRORS } from './errors.js';

const KEY = /^[A-Za-z0-9_-]{1,128}$/;

/** The `key` query parameter of a WeCom webhook URL, or undefined when absent or odd-looking. */
export function wecomWebhookKey(webhookUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    return undefined;
  }
  const keys = url.searchParams.getAll('key');
  if (keys.length !== 1) return undefined;
  const key = keys[0] ?? '';
  return KEY.test(key) ? key : undefined;
}

/** Our own send address for a robot key. */
export function wecomWebhookUrl(apiBase: string, key: string): string {
  return `${apiBase.replace(/\/+$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
}

/** Sends one markdown message (≤ 4096 bytes; longer content is refused by WeCom with 40058). */
export async function sendWecomWebhook(url: string, markdown: string, options: SendOptions): Promise<SendResult> {
  const outcome = await postJson(url, { msgtype: 'markdown', markdown: { content: markdown } }, options);
  const result = interpretWebhook(WECOM_ERRORS, outcome);
  logSend(options.logger, 'wecom', 'wecom-webhook', result);
  return result;
}
