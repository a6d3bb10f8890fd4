// The long connections this configuration turns on: the WeCom AI bot WebSocket (WECOM_BOT_ID +
// WECOM_BOT_SECRET) and DingTalk Stream mode (DINGTALK_MODE=stream, the default with Client ID +
// Secret). Each one dials out, so the bot needs no public URL.
import { randomBytes } from 'node:crypto';
import { type Now } from './time.js';
import { hostname } from 'node:os';
import { dingtalkMode, wecomLongConnection, type Config } from './config.js';
import type { Inbox } from './inbox.js';
import type { Logger } from './log.js';
import type { Transport } from './platforms/backoff.js';
import { DingtalkStream, type DingtalkStreamTimings } from './platforms/dingtalk/stream.js';
import { WecomLongConnection, type WecomWsTimings } from './platforms/wecom/ws.js';
import { wecomMedia } from './platforms/wecom/media.js';
import { dingtalkMedia } from './platforms/dingtalk/media.js';
import type { PushService } from './push/service.js';
import type { Store } from './store/types.js';
import type { BackgroundTasks } from './tasks.js';

export interface PausableTransport extends Transport {
  /** Stop taking new messages (shutdown); answers in progress still go out. */
  pause(): void;
}

export interface TransportDeps {
  inbox: Inbox;
  store: Store;
  push: PushService;
  logger: Logger;
  tasks: BackgroundTasks;
  options: { now?: Now; wecomWs?: Partial<WecomWsTimings>; dingtalkStream?: Partial<DingtalkStreamTimings> };
}

export function longConnections(config: Config, deps: TransportDeps): PausableTransport[] {
  const { inbox, store, push, logger, tasks, options } = deps;
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const now = options.now ? { now: options.now } : {};
  const transports: PausableTransport[] = [];
  const wecom = wecomLongConnection(config);
  if (wecom) {
    const ws = new WecomLongConnection({
      botId: wecom.botId,
      secret: wecom.secret,
      url: wecom.url,
      inbox,
      store,
      logger,
      tasks,
      instanceId,
      media: wecomMedia(config),
      ...(options.wecomWs ? { timings: options.wecomWs } : {}),
      ...now,
    });
    push.attachWecomLink(ws);
    transports.push(ws);
  }
  if (dingtalkMode(config) === 'stream' && config.DINGTALK_APP_KEY && config.DINGTALK_APP_SECRET) {
    transports.push(
      new DingtalkStream({
        clientId: config.DINGTALK_APP_KEY,
        clientSecret: config.DINGTALK_APP_SECRET,
        apiBase: config.DINGTALK_API_BASE,
        media: dingtalkMedia(config, logger),
        inbox,
        logger,
        tasks,
        ...(options.dingtalkStream ? { timings: options.dingtalkStream } : {}),
        ...now,
      }),
    );
  }
  return transports;
}
