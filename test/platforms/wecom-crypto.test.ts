import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decrypt as libDecrypt, encrypt as libEncrypt, getSignature } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptWecom,
  encryptedReply,
  encryptWecom,
  openWecomCallback,
  verifyWecomSignature,
  WecomCryptoError,
} from '../../src/platforms/wecom/crypto.js';
import { parseXml } from '../../src/platforms/wecom/xml.js';

interface VectorCase {
  kind: 'url-verify' | 'xml-message' | 'json-message';
  msg_signature: string;
  timestamp: string;
  nonce: string;
  echostr?: string;
  echostr_urlencoded?: string;
  body?: string;
  encrypt?: string;
  plaintext: string;
}
interface VectorSet {
  name: string;
  token: string;
  encodingAESKey: string;
  receiveId: string;
  cases: VectorCase[];
}
const vectors = JSON.parse(readFileSync(new URL('../fixtures/vectors.json', import.meta.url), 'utf8')) as { sets: VectorSet[] };

/** The ciphertext a case is signed over, taken the way the server takes it. */
function cipherOf(c: VectorCase): string {
  if (c.kind === 'url-verify') {
    if (c.echostr !== undefined) return c.echostr;
    // URL-decoded exactly once, as the server does with the query string.
    return new URLSearchParams(`echostr=${c.echostr_urlencoded ?? ''}`).get('echostr') ?? '';
  }
  if (c.kind === 'xml-message') {
    const xml = parseXml(c.body ?? '') as { xml: { Encrypt: string } };
    return xml.xml.Encrypt;
  }
  return c.encrypt ?? '';
}

function tamper(s: string, at = 5): string {
  const ch = s[at] === 'a' ? 'b' : 'a';
  return s.slice(0, at) + ch + s.slice(at + 1);
}

const allCases = vectors.sets.flatMap((set) => set.cases.map((c) => ({ set, c, name: `set ${set.name} ${c.kind}` })));

describe('WeCom crypto: official vectors', () => {
  it('has every kind of case', () => {
    expect(new Set(allCases.map((x) => x.c.kind))).toEqual(new Set(['url-verify', 'xml-message', 'json-message']));
    expect(allCases.some((x) => x.c.echostr_urlencoded !== undefined)).toBe(true);
  });

  for (const { set, c, name } of allCases) {
    describe(name, () => {
      const cipher = cipherOf(c);
      const secrets = { token: set.token, encodingAesKey: set.encodingAESKey, receiveId: set.receiveId };
      const query = { signature: c.msg_signature, timestamp: c.timestamp, nonce: c.nonce };

      it('verifies the signature and decrypts to the plaintext with the receive id', () => {
        expect(verifyWecomSignature(set.token, c.timestamp, c.nonce, cipher, c.msg_signature)).toBe(true);
        const out = decryptWecom(set.encodingAESKey, cipher);
        expect(out.message).toBe(c.plaintext);
        expect(out.receiveId).toBe(set.receiveId);
        expect(openWecomCallback(secrets, query, cipher)).toBe(c.plaintext);
        // Same answer as the reference library.
        expect(libDecrypt(set.encodingAESKey, cipher).message).toBe(c.plaintext);
      });

      it('rejects a signature with one character changed', () => {
        expect(verifyWecomSignature(set.token, c.timestamp, c.nonce, cipher, tamper(c.msg_signature))).toBe(false);
        expect(() => openWecomCallback(secrets, { ...query, signature: tamper(c.msg_signature) }, cipher)).toThrow(WecomCryptoError);
      });

      it('rejects signatures of the wrong length or missing', () => {
        expect(verifyWecomSignature(set.token, c.timestamp, c.nonce, cipher, c.msg_signature.slice(1))).toBe(false);
        expect(verifyWecomSignature(set.token, c.timestamp, c.nonce, cipher, `${c.msg_signature}0`)).toBe(false);
        expect(verifyWecomSignature(set.token, c.timestamp, c.nonce, cipher, '')).toBe(false);
      });

      it('rejects a changed ciphertext, timestamp or nonce', () => {
        expect(verifyWecomSignature(set.token, c.timestamp, c.nonce, tamper(cipher, 10), c.msg_signature)).toBe(false);
        expect(verifyWecomSignature(set.token, `${c.timestamp}1`, c.nonce, cipher, c.msg_signature)).toBe(false);
        expect(verifyWecomSignature(set.token, c.timestamp, `${c.nonce}1`, cipher, c.msg_signature)).toBe(false);
      });

      it('rejects a wrong receive id', () => {
        try {
          openWecomCallback({ ...secrets, receiveId: 'wwSomeoneElse' }, query, cipher);
          expect.unreachable();
        } catch (err) {
          expect(err).toBeInstanceOf(WecomCryptoError);
          expect((err as WecomCryptoError).reason).toBe('receive-id');
        }
        // The AI bot's receive id is "": set, it must match exactly.
        expect(() => openWecomCallback({ ...secrets, receiveId: '' }, query, cipher)).toThrow(WecomCryptoError);
      });
    });
  }

  it('does not decode the URL-encoded echostr twice (a literal + would become a space)', () => {
    const set = vectors.sets.find((s) => s.name === 'B');
    const c = set?.cases.find((x) => x.echostr_urlencoded !== undefined);
    if (!set || !c?.echostr_urlencoded) throw new Error('vector B missing');
    const once = decodeURIComponent(c.echostr_urlencoded);
    expect(once).toContain('+');
    const twice = new URLSearchParams(`e=${once}`).get('e') ?? '';
    expect(twice).not.toBe(once);
    expect(verifyWecomSignature(set.token, c.timestamp, c.nonce, twice, c.msg_signature)).toBe(false);
  });
});

describe('WeCom crypto: hostile input', () => {
  const set = vectors.sets[0];
  if (!set) throw new Error('no vectors');
  const c = set.cases.find((x) => x.kind === 'url-verify');
  if (!c) throw new Error('no url-verify case');
  const cipher = cipherOf(c);
  const otherKey = vectors.sets[1]?.encodingAESKey ?? '';

  it('rejects a wrong AES key instead of returning garbage', () => {
    // The reference library happily "decrypts" with the wrong key (or throws a RangeError).
    expect(() => decryptWecom(otherKey, cipher)).toThrow(WecomCryptoError);
    // Many random keys: always a clean WecomCryptoError, never another exception.
    for (let i = 0; i < 200; i += 1) {
      const key = Buffer.from(Array.from({ length: 32 }, (_, j) => (i * 31 + j * 7) % 256)).toString('base64').slice(0, 43);
      expect(() => decryptWecom(key, cipher)).toThrow(WecomCryptoError);
    }
  });

  it('rejects bad base64, bad lengths and bad padding', () => {
    for (const bad of ['', '!!!!', 'abc', 'YWJj', `${cipher}AAAA`, cipher.slice(0, 24), 'A'.repeat(43) + '=']) {
      expect(() => decryptWecom(set.encodingAESKey, bad)).toThrow(WecomCryptoError);
    }
  });

  it('rejects a length field larger than the message', () => {
    const key = Buffer.from(`${set.encodingAESKey}=`, 'base64');
    const body = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0x7f, 0xff, 0xff, 0xff]), Buffer.from('hi')]);
    const pad = 32 - (body.length % 32);
    const plain = Buffer.concat([body, Buffer.alloc(pad, pad)]);
    const cipherer = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    cipherer.setAutoPadding(false);
    const forged = Buffer.concat([cipherer.update(plain), cipherer.final()]).toString('base64');
    expect(() => decryptWecom(set.encodingAESKey, forged)).toThrow(/length field/);
  });

  it('round-trips an encrypted passive reply that WeCom can verify', () => {
    const secrets = { token: set.token, encodingAesKey: set.encodingAESKey, receiveId: '' };
    const plaintext = JSON.stringify({ msgtype: 'stream', stream: { id: 'x', finish: true, content: '中文 **markdown**' } });
    const reply = encryptedReply(secrets, plaintext, 'nonce123', 1_700_000_000);
    expect(reply.nonce).toBe('nonce123');
    expect(reply.msgsignature).toBe(getSignature(set.token, '1700000000', 'nonce123', reply.encrypt));
    const out = libDecrypt(set.encodingAESKey, reply.encrypt);
    expect(out.message).toBe(plaintext);
    expect(out.id).toBe('');
    expect(decryptWecom(set.encodingAESKey, libEncrypt(set.encodingAESKey, plaintext, 'corp')).receiveId).toBe('corp');
  });

  it('encrypts like the official library, with fresh random bytes every time', () => {
    const seen = new Set<string>();
    // Past the 4 KB random pool's refill, and across padding lengths 1..32.
    for (let i = 0; i < 600; i += 1) {
      const message = `问${'走'.repeat(i % 40)}${i}`;
      const encrypted = encryptWecom(set.encodingAESKey, message, set.receiveId);
      const out = libDecrypt(set.encodingAESKey, encrypted);
      expect(out.message).toBe(message);
      expect(out.id).toBe(set.receiveId);
      expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
      seen.add(out.random.toString('hex'));
    }
    expect(seen.size).toBe(600);
  });
});

