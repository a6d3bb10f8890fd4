// The pure parts of photos: WeCom media decryption (checked against the official SDK's own
// decryptFile), the image references each platform's decode yields, the host allow-list, the
// signed photo links, and image sizes for the Word document.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { decryptFile } from '@wecom/aibot-node-sdk';
import { decryptMedia, mediaKey } from '../../src/platforms/wecom/media.js';
import { decodeAibot } from '../../src/platforms/wecom/decode.js';
import { decodeDingtalk } from '../../src/platforms/dingtalk/decode.js';
import { hostAllowList } from '../../src/platforms/media.js';
import { PhotoLinks } from '../../src/reports/photo-links.js';
import { imageSize } from '../../src/reports/docx.js';
import { jpegWithGps, pngWithExif, wecomEncryptMedia } from '../support/photos.js';

const NOW = new Date('2026-11-05T02:00:00Z');

describe('WeCom media decryption', () => {
  it('decrypts what the SDK decrypts, with a per-URL aeskey and with an EncodingAESKey', () => {
    const key = randomBytes(32);
    for (const plain of [jpegWithGps(1), pngWithExif(), Buffer.alloc(32, 9), Buffer.alloc(1, 1)]) {
      const encrypted = wecomEncryptMedia(plain, key);
      expect(decryptFile(encrypted, key.toString('base64')).equals(plain)).toBe(true);
      const ours = decryptMedia(encrypted, mediaKey(key.toString('base64')) ?? Buffer.alloc(0));
      expect(ours?.equals(plain)).toBe(true);
    }
    const encodingAesKey = randomBytes(32).toString('base64').slice(0, 43);
    const fromConfig = mediaKey(encodingAesKey);
    expect(fromConfig).toHaveLength(32);
    const encrypted = wecomEncryptMedia(jpegWithGps(2), fromConfig ?? Buffer.alloc(32));
    expect(decryptMedia(encrypted, fromConfig ?? Buffer.alloc(32))?.equals(jpegWithGps(2))).toBe(true);
  });

  it('refuses a wrong key, a truncated file and bad keys instead of returning garbage as a photo', () => {
    const key = randomBytes(32);
    const encrypted = wecomEncryptMedia(jpegWithGps(3), key);
    const wrong = decryptMedia(encrypted, randomBytes(32));
    // With a wrong key the padding check fails nearly always; a rare pass is still not a JPEG.
    expect(wrong === undefined || wrong[0] !== 0xff).toBe(true);
    expect(decryptMedia(encrypted.subarray(0, encrypted.length - 3), key)).toBeUndefined();
    expect(decryptMedia(Buffer.alloc(0), key)).toBeUndefined();
    expect(mediaKey('short')).toBeUndefined();
  });
});

describe('decode: images come out as references, text as before', () => {
  it('WeCom image (single chat) and mixed (text + images)', () => {
    const image = decodeAibot({ msgid: 'm1', from: { userid: 'u' }, chattype: 'single', msgtype: 'image', image: { url: 'https://x/1', aeskey: 'k' } }, NOW);
    expect(image).toMatchObject({ kind: 'message', message: { text: '', chatType: 'single' }, extra: { images: [{ url: 'https://x/1', aeskey: 'k' }] } });
    const mixed = decodeAibot(
      {
        msgid: 'm2',
        chatid: 'c',
        chattype: 'group',
        from: { userid: 'u' },
        msgtype: 'mixed',
        mixed: { msg_item: [{ msgtype: 'text', text: { content: '@bot 上报 今天' } }, { msgtype: 'image', image: { url: 'https://x/2' } }, { msgtype: 'image', image: { url: 'https://x/3' } }] },
      },
      NOW,
    );
    expect(mixed).toMatchObject({ kind: 'message', message: { text: '@bot 上报 今天', conversationId: 'c' }, extra: { images: [{ url: 'https://x/2' }, { url: 'https://x/3' }] } });
    const text = decodeAibot({ msgid: 'm3', from: { userid: 'u' }, msgtype: 'text', text: { content: 'hi' } }, NOW);
    expect(text).toMatchObject({ kind: 'message', extra: { images: [] } });
    expect(decodeAibot({ msgid: 'm4', from: { userid: 'u' }, msgtype: 'image' }, NOW)).toMatchObject({ kind: 'ignored' });
  });

  it('DingTalk picture and richText (text items and picture items)', () => {
    const base = { msgId: 'd1', conversationType: '2', conversationId: 'cid', senderStaffId: 's', robotCode: 'rc' };
    expect(decodeDingtalk({ ...base, msgtype: 'picture', content: { downloadCode: 'dc1' } }, NOW)).toMatchObject({ kind: 'message', message: { text: '' }, extra: { downloadCodes: ['dc1'], robotCode: 'rc' } });
    expect(decodeDingtalk({ ...base, msgtype: 'picture', content: { pictureDownloadCode: 'pdc' } }, NOW)).toMatchObject({ extra: { downloadCodes: ['pdc'] } });
    const rich = decodeDingtalk({ ...base, msgtype: 'richText', content: { richText: [{ text: '上报 今天' }, { type: 'picture', downloadCode: 'a', pictureDownloadCode: 'b' }, { text: '开会' }, { pictureDownloadCode: 'c' }] } }, NOW);
    expect(rich).toMatchObject({ kind: 'message', message: { text: '上报 今天开会' }, extra: { downloadCodes: ['a', 'c'] } });
    expect(decodeDingtalk({ ...base, msgtype: 'picture', content: {} }, NOW)).toMatchObject({ kind: 'ignored' });
    expect(decodeDingtalk({ ...base, msgtype: 'file', content: { downloadCode: 'f' } }, NOW)).toMatchObject({ kind: 'ignored' });
  });
});

describe('media host allow-list', () => {
  it('matches hosts, host:port and *.suffix; an empty list allows https only', () => {
    const any = hostAllowList([]);
    expect(any(new URL('https://a.example/x'))).toBe(true);
    expect(any(new URL('http://a.example/x'))).toBe(false);
    const list = hostAllowList(['*.qq.com', '127.0.0.1', 'media.local:8443']);
    expect(list(new URL('https://wework.qpic.qq.com/x'))).toBe(true);
    expect(list(new URL('https://evilqq.com/x'))).toBe(false);
    expect(list(new URL('http://127.0.0.1:9000/x'))).toBe(true);
    expect(list(new URL('https://media.local:8443/x'))).toBe(true);
    expect(list(new URL('https://media.local:9443/x'))).toBe(false);
    expect(list(new URL('http://169.254.169.254/latest'))).toBe(false);
  });
});

describe('photo links', () => {
  const links = new PhotoLinks('photo-link-test-secret-0123456789', 60_000, 'https://djzs.example');
  const file = `${'a'.repeat(64)}.jpg`;
  const target = { branch: '甲支部', reportId: 3, file };

  it('checks the signature over the file and the payload, the expiry and the scope', () => {
    const path = links.path({ kind: 'branch', branch: '甲支部' }, target, NOW);
    const token = new URL(`https://x${path}`).searchParams.get('sig') ?? '';
    expect(links.check(file, token, NOW)).toMatchObject({ ok: true, scope: { kind: 'branch', branch: '甲支部' }, target });
    expect(links.check(`${'b'.repeat(64)}.jpg`, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.check(file, token, new Date(NOW.getTime() + 61_000))).toEqual({ ok: false, reason: 'expired' });
    const [encoded, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(encoded ?? '', 'base64url').toString()), s: 'c' })).toString('base64url');
    expect(links.check(file, `${forged}.${sig}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(new PhotoLinks('another-secret-0123456789abcdef', 60_000, '').check(file, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.url({ kind: 'committee' }, target, NOW)).toMatch(/^https:\/\/djzs\.example\/files\/a{64}\.jpg\?sig=/u);
  });
});

describe('image sizes for the Word document', () => {
  it('reads PNG IHDR and JPEG SOF; undefined for other bytes', () => {
    expect(imageSize(pngWithExif())).toEqual({ width: 2, height: 1 });
    expect(imageSize(jpegWithGps())).toEqual({ width: 4, height: 3 });
    expect(imageSize(Buffer.from('GIF89a'))).toBeUndefined();
  });
});
