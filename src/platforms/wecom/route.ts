// GET /wecom (URL verification) and POST /wecom (AI bot JSON and legacy group robot XML on the
// same route). Checks run in this order: platform enabled (404), query (400), timestamp (401),
// content type (400), body size (413), body shape (400), signature (401), decryption and receive
// id (401), decrypted message shape (400). The URL check answers only a plain echostr (never a
// decrypted message: that would turn it into a decryption service for captured callbacks) and at
// most VERIFY_PER_MINUTE times a minute.
import type { Context } from 'koa';
import { systemNow } from '../../time.js';
import type { Router } from '@koa/router';
import { wecomEnabled } from '../../config.js';
import { readText } from '../../http/body.js';
import type { RouteModule } from '../../server.js';
import { isRecord } from '../http.js';
import { JSON_TYPES, mediaType, queryParam, reject, XML_TYPES, type PlatformDeps } from '../types.js';
import { createAibotHandler, type AibotHandler } from './aibot.js';
import { openWecomCallback, WecomCryptoError, type WecomCallbackSecrets } from './crypto.js';
import { createLegacyHandler, legacyEncrypted } from './legacy.js';
import { callbackQuery, type CallbackQuery } from './query.js';

const CALLBACK_TYPES: readonly string[] = [...JSON_TYPES, ...XML_TYPES, 'text/plain'];

/** Genuine URL checks happen when an admin saves the callback URL: a few a minute at most. */
export const VERIFY_PER_MINUTE = 10;

/** A decrypted echostr that is a message (JSON or XML), not WeCom's random verification string. */
function looksLikeMessage(plaintext: string): boolean {
  const first = plaintext.trimStart()[0];
  return first === '{' || first === '<' || first === '[';
}

export interface WecomModule extends RouteModule {
  readonly enabled: boolean;
  /** The AI bot handler (its stream registry), when enabled. */
  readonly aibot: AibotHandler | undefined;
}

export function wecomModule(deps: PlatformDeps): WecomModule {
  const { config } = deps;
  const now = deps.now ?? systemNow;
  const secrets: WecomCallbackSecrets | undefined = wecomEnabled(config)
    ? {
        token: config.WECOM_TOKEN,
        encodingAesKey: config.WECOM_ENCODING_AES_KEY,
        ...(config.WECOM_RECEIVE_ID !== undefined ? { receiveId: config.WECOM_RECEIVE_ID } : {}),
      }
    : undefined;
  const aibot = secrets ? createAibotHandler(deps, secrets) : undefined;
  const legacy = createLegacyHandler(deps);
  let verifyWindow = { startedAt: 0, count: 0 };

  /** Fixed one-minute window over verifications that passed the signature check. */
  function verifyAllowed(nowMs: number): boolean {
    if (nowMs - verifyWindow.startedAt >= 60_000) verifyWindow = { startedAt: nowMs, count: 0 };
    verifyWindow.count += 1;
    return verifyWindow.count <= (deps.wecomVerifyPerMinute ?? VERIFY_PER_MINUTE);
  }

  function open(ctx: Context, s: WecomCallbackSecrets, query: CallbackQuery, encrypted: string): string {
    try {
      return openWecomCallback(s, query, encrypted);
    } catch (err) {
      if (err instanceof WecomCryptoError) {
        reject(ctx, 401, err.reason === 'signature' ? 'bad-signature' : err.reason === 'receive-id' ? 'bad-receive-id' : 'undecryptable', err.message);
      }
      throw err;
    }
  }

  function enabledSecrets(ctx: Context): WecomCallbackSecrets {
    ctx.state.platform = 'wecom';
    if (!secrets) reject(ctx, 404, 'disabled', 'not found');
    return secrets;
  }

  return {
    name: 'wecom',
    enabled: secrets !== undefined,
    aibot,
    mount(router: Router) {
      router.get('/wecom', (ctx) => {
        const s = enabledSecrets(ctx);
        const query = callbackQuery(ctx, now());
        const echostr = queryParam(ctx, 'echostr');
        if (!echostr) reject(ctx, 400, 'bad-query', 'missing query parameter: echostr');
        const plaintext = open(ctx, s, query, echostr);
        if (!verifyAllowed(now().getTime())) reject(ctx, 429, 'verify-rate-limited', 'too many verification requests');
        if (looksLikeMessage(plaintext)) reject(ctx, 400, 'echostr-is-message', 'echostr must be a verification string');
        ctx.state.outcome = 'verified';
        ctx.type = 'text/plain';
        ctx.body = plaintext;
      });

      router.post('/wecom', async (ctx) => {
        const s = enabledSecrets(ctx);
        const query = callbackQuery(ctx, now());
        if (!CALLBACK_TYPES.includes(mediaType(ctx))) reject(ctx, 400, 'bad-content-type', 'content type must be JSON or XML');
        const body = await readText(ctx);
        const first = body.trimStart()[0];
        if (first === '{') {
          const encrypted = jsonEncrypted(ctx, body);
          await aibot?.handle(ctx, query, open(ctx, s, query, encrypted));
        } else if (first === '<') {
          const encrypted = legacyEncrypted(ctx, body);
          await legacy(ctx, open(ctx, s, query, encrypted));
        } else {
          reject(ctx, 400, 'bad-body', 'body must be JSON or XML');
        }
      });
    },
  };
}

function jsonEncrypted(ctx: Context, body: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    reject(ctx, 400, 'bad-body', 'malformed JSON');
  }
  if (!isRecord(json) || typeof json.encrypt !== 'string' || json.encrypt === '') reject(ctx, 400, 'bad-body', 'JSON body lacks encrypt');
  return json.encrypt;
}
