// WeCom AI bot images: the message carries a download URL that expires after 5 minutes and serves
// the file AES-256-CBC encrypted. The key is the message's own `aeskey` (long connection: one per
// URL, base64) or, for HTTP callbacks that carry none, the bot's EncodingAESKey. IV = the key's
// first 16 bytes, PKCS#7 padding to a multiple of 32 (as the SDK's decryptFile does).
import { createDecipheriv } from 'node:crypto';
import { downloadBytes, hostAllowList, type Download } from '../media.js';
import type { Attachment } from '../../core.js';

export interface WecomImageRef {
  url: string;
  aeskey?: string;
}

export interface WecomMediaOptions {
  /** WECOM_ENCODING_AES_KEY: the key for URLs that come without their own aeskey. */
  encodingAesKey?: string;
  /** WECOM_MEDIA_HOSTS */
  hosts: readonly string[];
  maxBytes: number;
  timeoutMs?: number;
}

/** The 32-byte key: a per-URL aeskey (base64, with or without its padding) or an EncodingAESKey (43 chars). */
export function mediaKey(aeskey: string): Buffer | undefined {
  const trimmed = aeskey.trim();
  const key = Buffer.from(trimmed.length === 43 ? `${trimmed}=` : trimmed, 'base64');
  return key.length === 32 ? key : undefined;
}

/** Decrypts a downloaded file; undefined when the key or the padding is wrong. */
export function decryptMedia(encrypted: Buffer, key: Buffer): Buffer | undefined {
  if (encrypted.length === 0 || encrypted.length % 16 !== 0) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(encrypted), decipher.final()]);
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > 32 || pad > plain.length) return undefined;
    for (let i = plain.length - pad; i < plain.length; i += 1) if (plain[i] !== pad) return undefined;
    return plain.subarray(0, plain.length - pad);
  } catch {
    return undefined;
  }
}

export class WecomMedia {
  private readonly allowed: (url: URL) => boolean;

  constructor(private readonly options: WecomMediaOptions) {
    this.allowed = hostAllowList(options.hosts);
  }

  attachments(refs: readonly WecomImageRef[]): Attachment[] {
    return refs.map((ref) => ({ kind: 'image' as const, fetch: () => this.fetch(ref) }));
  }

  private async fetch(ref: WecomImageRef): Promise<Awaited<ReturnType<Attachment['fetch']>>> {
    const key = ref.aeskey !== undefined ? mediaKey(ref.aeskey) : this.options.encodingAesKey !== undefined ? mediaKey(this.options.encodingAesKey) : undefined;
    if (!key) return { ok: false, reason: 'unavailable' };
    // Encryption pads by up to 32 bytes.
    const got: Download = await downloadBytes(ref.url, {
      maxBytes: this.options.maxBytes + 32,
      allowed: this.allowed,
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
    });
    if (!got.ok) return { ok: false, reason: got.reason };
    const plain = decryptMedia(got.bytes, key);
    return plain ? { ok: true, bytes: plain } : { ok: false, reason: 'failed' };
  }
}

/** From the configuration: the callback's EncodingAESKey, the allowed hosts and the size cap. */
export function wecomMedia(config: { WECOM_ENCODING_AES_KEY?: string | undefined; WECOM_MEDIA_HOSTS: readonly string[]; PHOTO_MAX_MB: number }): WecomMedia {
  return new WecomMedia({
    ...(config.WECOM_ENCODING_AES_KEY !== undefined ? { encodingAesKey: config.WECOM_ENCODING_AES_KEY } : {}),
    hosts: config.WECOM_MEDIA_HOSTS,
    maxBytes: config.PHOTO_MAX_MB * 1_048_576,
  });
}
