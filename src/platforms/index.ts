// The platforms' HTTP receive transports as route modules. The senders are imported from their
// own files (platforms/<name>/send…) by the push service; nothing here is re-exported, so the
// push service never depends on the receive side (no import circle).
import type { RouteModule } from '../server.js';
import { dingtalkMode } from '../config.js';
import { dingtalkModule } from './dingtalk/route.js';
import type { PlatformDeps } from './types.js';
import { wecomModule } from './wecom/route.js';

export type { PlatformDeps } from './types.js';

/** Route modules for /wecom and /dingtalk; a platform without its secrets answers 404. */
export function platformModules(deps: PlatformDeps): RouteModule[] {
  const wecom = wecomModule(deps);
  const dingtalk = dingtalkModule(deps);
  const mode = dingtalkMode(deps.config);
  deps.logger.info(
    {
      wecomCallback: wecom.enabled ? 'enabled' : 'disabled (needs WECOM_TOKEN and WECOM_ENCODING_AES_KEY)',
      wecomReceiveIdCheck: deps.config.WECOM_RECEIVE_ID !== undefined,
      dingtalkCallback: dingtalk.enabled ? 'enabled' : mode === 'stream' ? 'disabled (DINGTALK_MODE=stream)' : 'disabled (needs DINGTALK_APP_SECRET)',
    },
    'http callbacks',
  );
  return [wecom, dingtalk];
}
