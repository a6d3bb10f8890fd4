// The push service as the application builds it from configuration.
import { dingtalkEnabled, type Config } from '../config.js';
import type { Logger } from '../log.js';
import { DingtalkOpenApi } from '../platforms/dingtalk/openapi.js';
import type { HttpTuning } from '../platforms/http.js';
import type { Store } from '../store/types.js';
import type { Now } from '../time.js';
import { PushService, type RetryPolicy } from './service.js';

export interface PushExtras {
  http?: HttpTuning;
  now?: Now;
  retry?: Partial<RetryPolicy>;
}

export function createPushService(config: Config, store: Store, logger: Logger, extras: PushExtras = {}): PushService {
  // Groups captured through the enterprise robot push via its OpenAPI (same condition as the route).
  const openApi =
    dingtalkEnabled(config) && config.DINGTALK_APP_KEY && config.DINGTALK_ROBOT_CODE
      ? new DingtalkOpenApi({
          apiBase: config.DINGTALK_API_BASE,
          appKey: config.DINGTALK_APP_KEY,
          appSecret: config.DINGTALK_APP_SECRET,
          robotCode: config.DINGTALK_ROBOT_CODE,
          logger,
          ...extras.http,
        })
      : undefined;
  return new PushService({
    store,
    config,
    logger,
    concurrency: config.PUSH_CONCURRENCY,
    ...(openApi ? { openApi } : {}),
    ...(extras.http ? { http: extras.http } : {}),
    ...(extras.now ? { now: extras.now } : {}),
    ...(extras.retry ? { retry: extras.retry } : {}),
  });
}
