// Why a send to a platform failed, as one word the push service acts on. The platforms' errcode
// tables (platforms/<name>/errors.ts) and the transports give it; what may be done follows from it
// alone: try again on the spot, never send again (it may have arrived), or stop using the channel.
// A leaf module (imports nothing), so the bot core's PushResult can carry it too.

export type FailureReason =
  /** The robot's rate limit (WeCom 45009/45033, DingTalk 130101/410100, HTTP 429): again after its window. */
  | 'rate_limited'
  /** The platform is busy (WeCom/DingTalk -1) or answered 5xx: again after a back-off. */
  | 'busy'
  /** The connection was refused: the request never reached the platform. */
  | 'refused'
  /** The long connection is not up on this instance (or the hand-over to its holder failed). */
  | 'no_link'
  /** DingTalk OpenAPI credentials or access token were rejected, or no token could be had. */
  | 'token'
  /** No answer in time: the platform may have received it. Never sent again. */
  | 'timeout'
  /** The connection broke mid-exchange: the platform may have received it. Never sent again. */
  | 'network'
  /** The address, key or access token is invalid, the robot disabled or removed: the channel is dead. */
  | 'invalid_webhook'
  /** The DingTalk session webhook expired or is missing. */
  | 'session_expired'
  /** DingTalk's security settings (sign, keyword, IP allow-list) refused it. */
  | 'security'
  /** The message was refused as it is (too large, wrong type or parameters). */
  | 'invalid_message'
  /** This way of sending is not set up here (OpenAPI not configured, no connection holder). */
  | 'not_configured'
  /** Anything else the platform refused. */
  | 'rejected';

const REASONS: ReadonlySet<string> = new Set<FailureReason>([
  'rate_limited',
  'busy',
  'refused',
  'no_link',
  'token',
  'timeout',
  'network',
  'invalid_webhook',
  'session_expired',
  'security',
  'invalid_message',
  'not_configured',
  'rejected',
]);

/** A reason read back from storage (the long-connection relay). */
export function isFailureReason(value: unknown): value is FailureReason {
  return typeof value === 'string' && REASONS.has(value);
}

const RETRY_ON_THE_SPOT: ReadonlySet<FailureReason> = new Set(['rate_limited', 'busy', 'refused', 'no_link', 'token']);
const MAY_HAVE_ARRIVED: ReadonlySet<FailureReason> = new Set(['timeout', 'network']);
const CHANNEL_DEAD: ReadonlySet<FailureReason> = new Set(['invalid_webhook', 'session_expired']);

/** Trying again soon may succeed and cannot send twice. */
export function retryable(reason: FailureReason): boolean {
  return RETRY_ON_THE_SPOT.has(reason);
}

/** The platform may have received it: never send it again. */
export function mayHaveArrived(reason: FailureReason): boolean {
  return MAY_HAVE_ARRIVED.has(reason);
}

/** The address or token is invalid for good: stop using this channel. */
export function channelDead(reason: FailureReason): boolean {
  return CHANNEL_DEAD.has(reason);
}
