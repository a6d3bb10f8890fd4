// Proactive messages to groups: the push service, channel parsing and display, and health.
export { mapLimit } from './concurrency.js';
export { channelOrigin, channelStatus, CLOSED_REASON, dayOf, describeChannel, isClosed, mask } from './describe.js';
export { explainFailure } from './explain.js';
export { labelOf, pushHealth, pushHealthLines, type PushHealth } from './health.js';
export { parsePushArgs, type PushArgs } from './parse.js';
export { SlidingWindowLimiter } from './rate-limit.js';
export { PUSH_DEFAULTS, PushService, type PushResult, type PushServiceOptions } from './service.js';
export { createPushService, type PushExtras } from './build.js';
