// What the platform routes need from the application, and small helpers they share.
import type { Context } from 'koa';
import { type Now } from '../time.js';
import type { Config } from '../config.js';
import type { Inbox } from '../inbox.js';
import type { Logger } from '../log.js';
import type { BackgroundTasks } from '../tasks.js';
import type { Store } from '../store/types.js';
import { ClientError } from '../http/body.js';

/** What the receive transports need: they decode, hand the message to the inbox, and know nothing of commands. */
export interface PlatformDeps {
  config: Config;
  inbox: Inbox;
  logger: Logger;
  /** Where DingTalk header pairs are remembered (one msgId per pair); every instance shares it. */
  replayStore?: Pick<Store, 'claimOnce'>;
  /** Where WeCom AI-bot streams answered later are kept, so a refresh reaching any instance is answered. */
  streamStore?: Pick<Store, 'putStream' | 'getStream'>;
  tasks: BackgroundTasks;
  now?: Now;
  /** WeCom AI bot: how long the passive reply waits for the answer before streaming it (default 3000 ms). */
  wecomReplyDeadlineMs?: number;
  /** WeCom URL checks answered per minute (default VERIFY_PER_MINUTE). */
  wecomVerifyPerMinute?: number;
  /**
   * Callbacks answered through a later send (DingTalk, legacy WeCom robot): how long the
   * acknowledgement waits for the bot, so that an acknowledged message is already processed
   * (default 2000 ms).
   */
  ackWindowMs?: number;
}

/** Content types accepted for platform callbacks. */
export const JSON_TYPES = ['application/json', 'text/json'] as const;
export const XML_TYPES = ['application/xml', 'text/xml'] as const;

export function mediaType(ctx: Context): string {
  return (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase();
}

/** Records what happened for the request log line, then throws the client error. */
export function reject(ctx: Context, status: 400 | 401 | 404 | 413 | 415 | 429, outcome: string, message: string): never {
  ctx.state.outcome = outcome;
  throw new ClientError(status, message);
}

/** One query parameter, URL-decoded once; missing, empty or repeated → undefined. */
export function queryParam(ctx: Context, name: string): string | undefined {
  const values = new URLSearchParams(ctx.querystring).getAll(name);
  if (values.length !== 1) return undefined;
  const value = values[0];
  return value === undefined || value === '' ? undefined : value;
}

/** Answers 200 with an empty body. */
export function emptyOk(ctx: Context, outcome: string): void {
  ctx.state.outcome = outcome;
  ctx.status = 200;
  ctx.body = '';
}
