// The platform layer: route modules for the enabled platforms, and the senders the reminder push
// service reuses (same HTTP client, same SendResult: `dead` marks a channel, `retryable` defers).
import type { RouteModule } from '../server.js';
import { dingtalkModule } from './dingtalk/route.js';
import type { PlatformDeps } from './types.js';
import { wecomModule } from './wecom/route.js';

export type { PlatformDeps } from './types.js';
export type { HttpTuning, SendFailure, SendOptions, SendResult } from './http.js';
export { sendInOrder } from './http.js';
export { LIMITS, paginate, splitText, truncateText, utf8Bytes } from './render.js';
export { sendWecomWebhook, wecomWebhookKey, wecomWebhookUrl } from './wecom/webhook.js';
export {
  dingtalkMarkdownMessages,
  dingtalkRobotUrl,
  rebaseSessionWebhook,
  sendDingtalkRobot,
  sendDingtalkSession,
  type DingtalkMessage,
} from './dingtalk/send.js';
export { DingtalkOpenApi, markdownParams } from './dingtalk/openapi.js';
export { dingtalkSign } from './dingtalk/sign.js';
export { wecomModule } from './wecom/route.js';
export { dingtalkModule } from './dingtalk/route.js';

/** Route modules for /wecom and /dingtalk; a platform without its secrets answers 404. */
export function platformModules(deps: PlatformDeps): RouteModule[] {
  const wecom = wecomModule(deps);
  const dingtalk = dingtalkModule(deps);
  deps.logger.info(
    {
      wecom: wecom.enabled ? 'enabled' : 'disabled (needs WECOM_TOKEN and WECOM_ENCODING_AES_KEY)',
      wecomReceiveIdCheck: deps.config.WECOM_RECEIVE_ID !== undefined,
      dingtalk: dingtalk.enabled ? 'enabled' : 'disabled (needs DINGTALK_APP_SECRET)',
      dingtalkOpenApi: dingtalk.openApi ? 'enabled' : 'disabled (needs DINGTALK_APP_KEY and DINGTALK_ROBOT_CODE)',
    },
    'platforms',
  );
  return [wecom, dingtalk];
}
