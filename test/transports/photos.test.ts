// Photos over the long connections, through the whole service on real Redis: the WeCom AI bot
// WebSocket (each image URL with its own aeskey, as the SDK documents for this mode) and DingTalk
// Stream mode (picture and richText with downloadCodes, fetched through the robot file-download
// API of the fake). The media servers are local fakes; the stored files are read back.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startService, type RunningService } from '../../src/service.js';
import { deletePrefix } from '../support/redis.js';
import { freshPrefix, redisServiceConfig } from '../support/redis-service.js';
import { GPS_TEXT, jpegWithGps, pngWithExif, wecomEncryptMedia } from '../support/photos.js';
import { dingtalkText, startFake, type FakeServer } from '../platforms/support.js';
import { startFakeWecomWs, type ClientFrame, type FakeWecomWs } from '../fakes/wecom-ws.js';
import { startFakeDingtalkStream, type FakeDingtalkStream } from '../fakes/dingtalk-stream.js';
import { NOW } from './contract.js';

const ADMIN = 'photo-admin';

function files(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}

describe('WeCom long connection: image and mixed messages', () => {
  const BOT = { botId: 'aib-photo-bot', secret: 'photo-bot-secret-0123456789' };
  const dir = mkdtempSync(join(tmpdir(), 'djzs-ws-photo-'));
  const prefix = freshPrefix('ws-photo');
  let fake: FakeWecomWs;
  let media: FakeServer;
  let service: RunningService;
  let seq = 0;
  const served = new Map<string, Buffer | number>();

  beforeAll(async () => {
    fake = await startFakeWecomWs(BOT);
    media = await startFake();
    media.respondAlso((req) => {
      const m = served.get(req.path);
      if (m === undefined) return undefined;
      return typeof m === 'number' ? { status: m, body: {} } : { body: null, raw: m };
    });
    const config = redisServiceConfig(prefix, {
      PHOTO_DIR: dir,
      ADMIN_IDS: `wecom:${ADMIN}`,
      WECOM_BOT_ID: BOT.botId,
      WECOM_BOT_SECRET: BOT.secret,
      WECOM_WS_URL: fake.url,
      WECOM_MEDIA_HOSTS: '127.0.0.1',
    });
    service = await startService(config, silentLogger, { now: () => NOW, wecomWs: { heartbeatMs: 400, authTimeoutMs: 2000, backoffBaseMs: 200, backoffMaxMs: 1000, leaseMs: 3000, renewMs: 500, standbyPollMs: 300, stableMs: 500 } });
    await fake.waitFor('the bot to connect', () => fake.openConnections() === 1);
  }, 60_000);

  afterAll(async () => {
    await service.stop();
    await fake.close();
    await media.close();
    await deletePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  /** An image URL on the fake, encrypted with its own key: the item as WeCom sends it. */
  function image(bytes: Buffer | number): { url: string; aeskey: string } {
    const key = randomBytes(32);
    const path = `/ws-media/${++seq}`;
    served.set(path, typeof bytes === 'number' ? bytes : wecomEncryptMedia(bytes, key));
    return { url: `${media.url}${path}`, aeskey: key.toString('base64') };
  }

  async function send(body: Record<string, unknown>, userid: string, chatid?: string): Promise<string> {
    const reqId = fake.push({ msgid: `ws-photo-${++seq}`, aibotid: 'fake-bot', ...(chatid ? { chatid, chattype: 'group' } : { chattype: 'single' }), from: { userid }, ...body });
    const frame = await fake.waitFor('the answer', () => fake.frames.find((f: ClientFrame) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === reqId && f.body?.stream?.finish === true));
    return frame.body?.stream?.content ?? '';
  }

  const text = (content: string) => ({ msgtype: 'text', text: { content: `@党建助手 ${content}` } });

  it('a mixed report with an image, then an image in single chat, each decrypted with its own aeskey', async () => {
    expect(await send(text('绑定 长连接支部'), ADMIN, 'wrkWs')).toContain('已把本群绑定到支部');
    const report = await send(
      { msgtype: 'mixed', mixed: { msg_item: [{ msgtype: 'text', text: { content: '@党建助手 上报 今天组织6名党员学习党章' } }, { msgtype: 'image', image: image(jpegWithGps(31)) }] } },
      'ws-sec',
      'wrkWs',
    );
    expect(report).toContain('已记录 **#1**');
    expect(report).toContain('**#1** 已附照片 1 张');
    // Single chat: a plain image message; it goes to the sender's report of the last 10 minutes.
    expect(await send({ msgtype: 'image', image: image(pngWithExif()) }, 'ws-sec')).toContain('**#1** 已附照片 2 张');
    // An image whose URL has expired: nothing stored.
    expect(await send({ msgtype: 'image', image: image(404) }, 'ws-sec')).toContain('照片链接已失效');
    // Someone with no report: the hint.
    expect(await send({ msgtype: 'image', image: image(jpegWithGps(32)) }, 'ws-other')).toContain('没有对应的记录');
    expect(files(dir)).toHaveLength(2);
    for (const f of files(dir)) expect(readFileSync(join(dir, f)).toString('latin1')).not.toContain(GPS_TEXT);
    expect((await service.services.store.getReport('长连接支部', 1))?.photos?.map((p) => p.type)).toEqual(['image/jpeg', 'image/png']);
  }, 60_000);
});

describe('DingTalk Stream mode: picture and richText', () => {
  const APP = { clientId: 'dingphotokey', clientSecret: 'photo-stream-secret-0123456789' };
  const dir = mkdtempSync(join(tmpdir(), 'djzs-stream-photo-'));
  const prefix = freshPrefix('stream-photo');
  let fake: FakeDingtalkStream;
  let service: RunningService;
  let seq = 0;

  beforeAll(async () => {
    fake = await startFakeDingtalkStream(APP);
    fake.http.respondAlso((req) => {
      if (req.path === '/v1.0/robot/messageFiles/download') {
        const code = (req.json as { downloadCode?: string }).downloadCode ?? '';
        return code === 'gone' ? { status: 400, body: { code: 'invalidParameter.downloadCode' } } : { body: { downloadUrl: `${fake.http.url}/oss/${code}` } };
      }
      if (req.path === '/oss/jpeg') return { body: null, raw: jpegWithGps(41) };
      if (req.path === '/oss/png') return { body: null, raw: pngWithExif() };
      return undefined;
    });
    const config = redisServiceConfig(prefix, {
      PHOTO_DIR: dir,
      ADMIN_IDS: `dingtalk:${ADMIN}`,
      DINGTALK_APP_KEY: APP.clientId,
      DINGTALK_APP_SECRET: APP.clientSecret,
      DINGTALK_API_BASE: fake.http.url,
      DINGTALK_OAPI_BASE: fake.http.url,
    });
    service = await startService(config, silentLogger, { now: () => NOW, dingtalkStream: { heartbeatMs: 400, connectTimeoutMs: 2000, backoffBaseMs: 300, backoffMaxMs: 2000, stableMs: 500 } });
    await fake.waitFor('the stream to connect', () => fake.openConnections() === 1);
  }, 60_000);

  afterAll(async () => {
    await service.stop();
    await fake.close();
    await deletePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(body: Record<string, unknown>, staffId: string, isAdmin = false): Promise<string> {
    const msgId = `st-photo-${++seq}`;
    const { text: _t, ...base } = dingtalkText({ msgId, content: '', staffId, conversationId: 'cidStream', sessionHost: fake.http.url });
    fake.push({ ...base, senderStaffId: staffId, isAdmin, createAt: NOW.getTime(), ...body });
    const sent = await fake.waitFor(`the answer to ${msgId}`, () => fake.http.on('/robot/sendBySession').find((r) => r.query.get('session') === `sess-${msgId}`));
    return (sent.json as { markdown: { text: string } }).markdown.text;
  }

  it('richText with a report and a picture, then a picture; an old downloadCode stores nothing', async () => {
    expect(await send({ msgtype: 'text', text: { content: '绑定 流式支部' } }, ADMIN)).toContain('已把本群绑定到支部');
    const rich = await send({ msgtype: 'richText', content: { richText: [{ text: '上报 今天开展主题党日活动，9人参加' }, { type: 'picture', downloadCode: 'jpeg' }] } }, 'st-sec');
    expect(rich).toContain('已记录 **#1**');
    expect(rich).toContain('**#1** 已附照片 1 张');
    expect(await send({ msgtype: 'picture', content: { downloadCode: 'png' } }, 'st-sec')).toContain('**#1** 已附照片 2 张');
    expect(await send({ msgtype: 'picture', content: { downloadCode: 'gone' } }, 'st-sec')).toContain('照片链接已失效');
    expect(files(dir)).toHaveLength(2);
    expect(fake.http.on('/v1.0/robot/messageFiles/download').map((r) => r.json)).toEqual([
      { downloadCode: 'jpeg', robotCode: 'dingrobot' },
      { downloadCode: 'png', robotCode: 'dingrobot' },
      { downloadCode: 'gone', robotCode: 'dingrobot' },
    ]);
    expect((await service.services.store.getReport('流式支部', 1))?.photos).toHaveLength(2);
  }, 60_000);
});
