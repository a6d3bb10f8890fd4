// WeCom callback crypto (developer.work.weixin.qq.com/document/path/91144).
// Order matters: the signature is checked (in constant time) before anything is decrypted.
// Decryption is strict: @wecom/crypto's `decrypt` returns garbage for a wrong key and checks
// nothing, so this module decrypts itself and validates base64, block size, PKCS#7 padding,
// the length field and UTF-8; `@wecom/crypto` computes the signature, and the tests check our
// encryption against its decrypt.
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { getSignature } from '@wecom/crypto';
import { safeEqual } from '../../safe-equal.js';

export type WecomCryptoFailure = 'signature' | 'decrypt' | 'receive-id';

export class WecomCryptoError extends Error {
  constructor(
    readonly reason: WecomCryptoFailure,
    message: string,
  ) {
    super(message);
    this.name = 'WecomCryptoError';
  }
}

/** sha1 hex of the sorted, joined [token, timestamp, nonce, encrypt]. */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

export function verifyWecomSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
  signature: string,
): boolean {
  return safeEqual(wecomSignature(token, timestamp, nonce, encrypted), signature.toLowerCase());
}

// A service has one EncodingAESKey: decode it once, not on every callback.
let cachedKey: { text: string; key: Buffer } | undefined;

function aesKey(encodingAesKey: string): Buffer {
  if (cachedKey?.text === encodingAesKey) return cachedKey.key;
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new Error('invalid EncodingAESKey');
  cachedKey = { text: encodingAesKey, key };
  return key;
}

/** Strict base64: Node's decoder skips bad characters, so re-encode and compare instead of trusting it. */
function isStrictBase64(text: string, data: Buffer): boolean {
  return data.toString('base64') === text;
}
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface Decrypted {
  message: string;
  receiveId: string;
}

/** Decrypts and validates; throws WecomCryptoError('decrypt') for anything that does not fit. */
export function decryptWecom(encodingAesKey: string, encrypted: string): Decrypted {
  const key = aesKey(encodingAesKey);
  const fail = (why: string): never => {
    throw new WecomCryptoError('decrypt', `cannot decrypt: ${why}`);
  };
  if (encrypted.length === 0 || encrypted.length % 4 !== 0) fail('not base64');
  const data = Buffer.from(encrypted, 'base64');
  if (!isStrictBase64(encrypted, data)) fail('not base64');
  if (data.length === 0 || data.length % 16 !== 0) fail('bad length');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return fail('aes');
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > 32 || pad > plain.length) fail('bad padding');
  for (let i = plain.length - pad; i < plain.length; i += 1) if (plain[i] !== pad) fail('bad padding');
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) fail('too short');
  const length = content.readUInt32BE(16);
  if (length > content.length - 20) fail('bad length field');
  try {
    return {
      message: utf8.decode(content.subarray(20, 20 + length)),
      receiveId: utf8.decode(content.subarray(20 + length)),
    };
  } catch {
    return fail('not UTF-8');
  }
}

export interface WecomCallbackSecrets {
  token: string;
  encodingAesKey: string;
  /** When set, the decrypted receive id must equal it (corpid; the AI bot's is ""). */
  receiveId?: string;
}

/** Verify the signature over `encrypted`, then decrypt, then check the receive id. */
export function openWecomCallback(
  secrets: WecomCallbackSecrets,
  query: { signature: string; timestamp: string; nonce: string },
  encrypted: string,
): string {
  if (!verifyWecomSignature(secrets.token, query.timestamp, query.nonce, encrypted, query.signature)) {
    throw new WecomCryptoError('signature', 'bad signature');
  }
  const { message, receiveId } = decryptWecom(secrets.encodingAesKey, encrypted);
  if (secrets.receiveId !== undefined && receiveId !== secrets.receiveId) {
    throw new WecomCryptoError('receive-id', 'receive id does not match');
  }
  return message;
}

// The 16 random bytes that open every plaintext come from a pool refilled in one call: a
// getrandom() per reply showed up in profiles (npm run bench).
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;

function random16(): Buffer {
  if (randomOffset + 16 > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const out = Buffer.from(randomPool.subarray(randomOffset, randomOffset + 16));
  randomOffset += 16;
  return out;
}

/** random(16) + length(4, big-endian) + message + receiveId, PKCS#7-padded to 32, AES-256-CBC. */
export function encryptWecom(encodingAesKey: string, message: string, receiveId: string): string {
  const key = aesKey(encodingAesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const unpadded = Buffer.concat([random16(), length, body, Buffer.from(receiveId, 'utf8')]);
  const pad = 32 - (unpadded.length % 32);
  const plain = Buffer.concat([unpadded, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** The AI bot's encrypted passive reply body. `nonce` is the callback's nonce. */
export interface EncryptedReply {
  encrypt: string;
  msgsignature: string;
  timestamp: number;
  nonce: string;
}

export function encryptedReply(
  secrets: WecomCallbackSecrets,
  plaintext: string,
  nonce: string,
  timestampSeconds: number,
): EncryptedReply {
  const encrypted = encryptWecom(secrets.encodingAesKey, plaintext, secrets.receiveId ?? '');
  return {
    encrypt: encrypted,
    msgsignature: wecomSignature(secrets.token, String(timestampSeconds), nonce, encrypted),
    timestamp: timestampSeconds,
    nonce,
  };
}
