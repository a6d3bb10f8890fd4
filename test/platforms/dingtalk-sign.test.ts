import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dingtalkSign, verifyDingtalkCallback } from '../../src/platforms/dingtalk/sign.js';
import { dingtalkRobotUrl } from '../../src/platforms/dingtalk/send.js';

interface SignCase {
  secret: string;
  timestamp: string;
  sign: string;
  sign_urlencoded?: string;
}
const vectors = JSON.parse(readFileSync(new URL('../fixtures/vectors.json', import.meta.url), 'utf8')) as {
  dingtalk: { cases: SignCase[] };
};

describe('DingTalk signatures: vectors', () => {
  for (const c of vectors.dingtalk.cases) {
    it(`signs "${c.secret}" at ${c.timestamp}`, () => {
      expect(dingtalkSign(c.secret, c.timestamp)).toBe(c.sign);
      const at = new Date(Number(c.timestamp) + 1000);
      expect(verifyDingtalkCallback(c.secret, c.timestamp, c.sign, at)).toEqual({ ok: true });
    });
    if (c.sign_urlencoded) {
      it(`URL-encodes the custom robot sign for "${c.secret}"`, () => {
        const url = dingtalkRobotUrl('http://oapi.test', 'TOKEN', c.secret, new Date(Number(c.timestamp)));
        expect(url).toBe(`http://oapi.test/robot/send?access_token=TOKEN&timestamp=${c.timestamp}&sign=${c.sign_urlencoded}`);
      });
    }
  }
});

describe('DingTalk callback verification', () => {
  const c = vectors.dingtalk.cases[0];
  if (!c) throw new Error('no vectors');
  const at = new Date(Number(c.timestamp));

  it('rejects a sign with one character changed, of the wrong length, or missing', () => {
    const changed = (c.sign[3] === 'A' ? 'B' : 'A');
    expect(verifyDingtalkCallback(c.secret, c.timestamp, c.sign.slice(0, 3) + changed + c.sign.slice(4), at)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyDingtalkCallback(c.secret, c.timestamp, c.sign.slice(1), at)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyDingtalkCallback(c.secret, c.timestamp, `${c.sign}=`, at)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyDingtalkCallback(c.secret, c.timestamp, undefined, at)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyDingtalkCallback(c.secret, undefined, c.sign, at)).toEqual({ ok: false, reason: 'missing' });
    // The URL-encoded form is not the header form.
    if (c.sign_urlencoded) expect(verifyDingtalkCallback(c.secret, c.timestamp, c.sign_urlencoded, at).ok).toBe(false);
  });

  it('rejects the right sign made with another secret', () => {
    expect(verifyDingtalkCallback('another secret', c.timestamp, c.sign, at).ok).toBe(false);
  });

  it('accepts timestamps within one hour either way and rejects older or newer ones', () => {
    const ts = Number(c.timestamp);
    expect(verifyDingtalkCallback(c.secret, c.timestamp, c.sign, new Date(ts + 3_600_000)).ok).toBe(true);
    expect(verifyDingtalkCallback(c.secret, c.timestamp, c.sign, new Date(ts - 3_600_000)).ok).toBe(true);
    expect(verifyDingtalkCallback(c.secret, c.timestamp, c.sign, new Date(ts + 3_600_001))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyDingtalkCallback(c.secret, c.timestamp, c.sign, new Date(ts - 7_200_000))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyDingtalkCallback(c.secret, 'abc', c.sign, at)).toEqual({ ok: false, reason: 'stale' });
  });

  it('leaves the token unsigned when the custom robot has no secret', () => {
    expect(dingtalkRobotUrl('http://oapi.test/', 'T+/', undefined, at)).toBe('http://oapi.test/robot/send?access_token=T%2B%2F');
  });
});
