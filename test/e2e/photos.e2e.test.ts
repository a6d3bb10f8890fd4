// Photos as evidence end to end: the whole service (startService) on both stores, callbacks signed
// as WeCom and DingTalk send them, and a local fake standing in for the platforms' media servers
// (WeCom's encrypted image URLs, DingTalk's robot file-download API). Files are read back from
// disk, served only through signed links, and end up in the Word summary and the Excel workbook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { decrypt } from '@wecom/crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { startService, type RunningService } from '../../src/service.js';
import { silentLogger } from '../../src/log.js';
import { testConfig } from '../support/bot.js';
import { deletePrefix } from '../support/redis.js';
import { GPS_TEXT, jpegWithGps, pngWithExif, wecomEncryptMedia } from '../support/photos.js';
import { aibotCallback, dingtalkHeaders, dingtalkText, post, randomAesKey, startFake, type FakeServer, type WecomSecrets } from '../platforms/support.js';

const START = new Date('2026-11-05T02:00:00Z');
const APP_SECRET = 'photo-dingtalk-secret-0123456789';
const BRANCH = '省物理学会党支部';
const OTHER = '省数学会党支部';

for (const kind of ['embedded', 'redis'] as const) {
  describe(`photos through the real routes (${kind} store)`, () => {
    const wecom: WecomSecrets = { token: 'PhotoToken', aesKey: randomAesKey(), receiveId: '' };
    const wecomKey = Buffer.from(`${wecom.aesKey}=`, 'base64');
    const prefix = `test:e2e-photo:${randomUUID()}:`;
    const dir = mkdtempSync(join(tmpdir(), 'djzs-e2e-photo-'));
    const photoDir = kind === 'embedded' ? join(dir, 'files') : join(dir, 'photos-next-to-redis');
    let fake: FakeServer;
    let service: RunningService;
    let base: string;
    let seq = 0;
    let clock = START;
    /** What the fake media server holds: path → bytes, or a status for expired links. */
    const media = new Map<string, Buffer | number>();

    beforeAll(async () => {
      fake = await startFake();
      fake.respond((req) => {
        const m = req.method === 'GET' ? media.get(req.path) : undefined;
        if (m !== undefined) {
          return typeof m === 'number' ? { status: m, body: { errcode: 40001 } } : { body: null, raw: m };
        }
        if (req.path === '/v1.0/robot/messageFiles/download') {
          const code = (req.json as { downloadCode?: string }).downloadCode ?? '';
          if (code.startsWith('old-')) return { status: 400, body: { code: 'invalidParameter.downloadCode', message: 'expired' } };
          if (req.headers['x-acs-dingtalk-access-token'] !== 'fake-access-token') return { status: 401, body: { code: 'InvalidAuthentication' } };
          return { body: { downloadUrl: `${fake.url}/dl/${code}` } };
        }
        return undefined;
      });
      const store: Record<string, string> =
        kind === 'redis' ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix, PHOTO_DIR: photoDir } : { DATA_DIR: dir };
      const config = testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        ...store,
        ADMIN_IDS: 'wecom:wc-admin,dingtalk:dt-admin',
        WECOM_TOKEN: wecom.token,
        WECOM_ENCODING_AES_KEY: wecom.aesKey,
        WECOM_API_BASE: fake.url,
        WECOM_MEDIA_HOSTS: '127.0.0.1',
        DINGTALK_APP_SECRET: APP_SECRET,
        DINGTALK_APP_KEY: 'photo-app-key',
        DINGTALK_MODE: 'http',
        DINGTALK_API_BASE: fake.url,
        DINGTALK_OAPI_BASE: fake.url,
        PHOTO_MAX_MB: '1',
        EXPORT_SECRET: 'photo-export-secret-0123456789',
        PUBLIC_BASE_URL: 'http://127.0.0.1:1',
        SCHEDULES_ENABLED: 'false',
      });
      service = await startService(config, silentLogger, { now: () => clock });
      base = `http://127.0.0.1:${service.port}`;
    }, 60_000);

    afterAll(async () => {
      await service.stop();
      await fake.close();
      if (kind === 'redis') await deletePrefix(prefix);
      rmSync(dir, { recursive: true, force: true });
    });

    /** Serves `bytes` encrypted with the bot's key under a fresh path; returns its URL. */
    function wecomImage(bytes: Buffer | number): { url: string } {
      const path = `/media/${++seq}`;
      media.set(path, typeof bytes === 'number' ? bytes : wecomEncryptMedia(bytes, wecomKey));
      return { url: `${fake.url}${path}` };
    }

    async function wecomSend(body: Record<string, unknown>, userid: string, chatid: string): Promise<string> {
      const message = { msgid: `wc-${++seq}`, aibotid: 'AIBOTID', chatid, chattype: 'group', from: { userid }, response_url: 'https://x.invalid/r', ...body };
      const cb = aibotCallback(wecom, message, clock);
      const res = await post(`${base}${cb.path}`, cb.body, { 'content-type': 'application/json' });
      expect(res.status).toBe(200);
      const reply = JSON.parse(res.text) as { encrypt: string };
      return (JSON.parse(decrypt(wecom.aesKey, reply.encrypt).message) as { stream: { content: string } }).stream.content;
    }

    const text = (content: string) => ({ msgtype: 'text', text: { content: `@党建助手 ${content}` } });
    const mixed = (content: string | undefined, images: Array<{ url: string }>) => ({
      msgtype: 'mixed',
      mixed: { msg_item: [...(content !== undefined ? [{ msgtype: 'text', text: { content: `@党建助手 ${content}` } }] : [{ msgtype: 'text', text: { content: '@党建助手' } }]), ...images.map((image) => ({ msgtype: 'image', image }))] },
    });

    async function dingtalkSend(body: Record<string, unknown>, staffId: string, group: string, isAdmin = false): Promise<string> {
      const before = fake.on('/robot/sendBySession').length;
      const msgId = `dt-${++seq}`;
      const { text: _text, ...rest } = dingtalkText({ msgId, content: '', staffId, conversationId: group });
      const payload = { ...rest, isAdmin, createAt: clock.getTime(), ...body };
      // Each callback its own timestamp (one header pair per msgId), on the service's clock.
      const res = await post(`${base}/dingtalk`, JSON.stringify(payload), dingtalkHeaders(APP_SECRET, new Date(clock.getTime() + ++seq)));
      expect(res.status).toBe(200);
      const sent = await fake.waitFor('/robot/sendBySession', before + 1);
      return (sent[sent.length - 1]?.json as { markdown: { text: string } }).markdown.text;
    }

    function dingtalkFile(code: string, bytes: Buffer | number): string {
      media.set(`/dl/${code}`, bytes);
      return code;
    }

    function storedFiles(): string[] {
      try {
        return readdirSync(photoDir).filter((n) => !n.startsWith('.'));
      } catch {
        return [];
      }
    }

    it('WeCom: a report with photos, photos after it, 附图 #N, and every refusal stores nothing', async () => {
      expect(await wecomSend(text(`绑定 ${BRANCH}`), 'wc-admin', 'wrkPhys')).toContain('已把本群绑定到支部');
      // A report that carries two images (mixed message in a group).
      const first = await wecomSend(mixed('上报 今天上午组织10名党员开展主题党日活动', [wecomImage(jpegWithGps(1)), wecomImage(pngWithExif())]), 'sec-1', 'wrkPhys');
      expect(first).toContain('已记录 **#1**');
      expect(first).toContain('**#1** 已附照片 2 张');
      expect(storedFiles()).toHaveLength(2);

      // GPS is gone from the stored file; the name is the hash of what is stored.
      for (const name of storedFiles()) {
        const bytes = readFileSync(join(photoDir, name));
        expect(bytes.toString('latin1')).not.toContain(GPS_TEXT);
        expect(bytes.toString('latin1')).not.toContain('Taiyuan');
        expect(name).toBe(`${createHash('sha256').update(bytes).digest('hex')}.${bytes[0] === 0xff ? 'jpg' : 'png'}`);
      }

      // Five minutes later: an image on its own (@ the bot) attaches to the same report.
      clock = new Date(START.getTime() + 5 * 60_000);
      expect(await wecomSend(mixed(undefined, [wecomImage(jpegWithGps(2))]), 'sec-1', 'wrkPhys')).toContain('**#1** 已附照片 3 张');
      // The same photo again: still 3 (stored once).
      expect(await wecomSend(mixed(undefined, [wecomImage(jpegWithGps(2))]), 'sec-1', 'wrkPhys')).toContain('**#1** 已附照片 3 张');
      // Someone else's image does not attach to sec-1's report.
      expect(await wecomSend(mixed(undefined, [wecomImage(jpegWithGps(3))]), 'sec-2', 'wrkPhys')).toContain('没有对应的记录');

      // More than 10 minutes after the report: a clear hint, nothing stored.
      clock = new Date(START.getTime() + 16 * 60_000);
      const late = await wecomSend(mixed(undefined, [wecomImage(jpegWithGps(4))]), 'sec-1', 'wrkPhys');
      expect(late).toContain('没有对应的记录，没有保存');
      expect(late).toContain('附图 #编号');
      expect(storedFiles()).toHaveLength(3);

      // 附图 #1 names the report: in the same message, or images within 10 minutes after it.
      expect(await wecomSend(mixed('附图 #1', [wecomImage(jpegWithGps(5))]), 'sec-1', 'wrkPhys')).toContain('**#1** 已附照片 4 张');
      expect(await wecomSend(text('附图 #1'), 'sec-1', 'wrkPhys')).toContain('请在 10 分钟内');
      clock = new Date(clock.getTime() + 9 * 60_000);
      expect(await wecomSend(mixed(undefined, [wecomImage(jpegWithGps(6))]), 'sec-1', 'wrkPhys')).toContain('**#1** 已附照片 5 张');
      // Only the reporter or an admin.
      expect(await wecomSend(mixed('附图 #1', [wecomImage(jpegWithGps(7))]), 'sec-2', 'wrkPhys')).toContain('只有上报人本人或管理员');
      expect(await wecomSend(mixed('附图 #1', [wecomImage(jpegWithGps(8))]), 'wc-admin', 'wrkPhys')).toContain('**#1** 已附照片 6 张');
      expect(storedFiles()).toHaveLength(6);

      // Expired media URL (the fake answers 403 / 404), a disguised non-image, an oversized file.
      const expired = await wecomSend(mixed('附图 #1', [wecomImage(403)]), 'sec-1', 'wrkPhys');
      expect(expired).toContain('照片链接已失效');
      expect(await wecomSend(mixed('附图 #1', [wecomImage(404)]), 'sec-1', 'wrkPhys')).toContain('照片链接已失效');
      const disguised = await wecomSend(mixed('附图 #1', [{ url: wecomImage(Buffer.from('<html>not a photo</html>')).url.replace(/$/u, '') }]), 'sec-1', 'wrkPhys');
      expect(disguised).toContain('只收 JPEG 或 PNG 照片');
      const big = Buffer.concat([jpegWithGps(9), Buffer.alloc(1_100_000, 7)]);
      expect(await wecomSend(mixed('附图 #1', [wecomImage(big)]), 'sec-1', 'wrkPhys')).toContain('照片太大');
      // One good, one expired in the same message: the good one is kept, the other named.
      const partial = await wecomSend(mixed('附图 #1', [wecomImage(jpegWithGps(10)), wecomImage(410)]), 'sec-1', 'wrkPhys');
      expect(partial).toContain('**#1** 已附照片 7 张');
      expect(partial).toContain('照片链接已失效');
      expect(storedFiles()).toHaveLength(7);
      const report = await service.services.store.getReport(BRANCH, 1);
      expect(report?.photos).toHaveLength(7);
      expect(report?.photos?.[0]).toMatchObject({ type: 'image/jpeg', addedBy: 'sec-1' });
      const audit = (await service.services.store.listAudit(BRANCH)).filter((a) => a.action === 'photo');
      expect(audit.at(-1)).toMatchObject({ reportId: 1, field: '照片', before: '6张', after: '7张', by: 'sec-1' });
    }, 120_000);

    it('DingTalk: picture and richText through the fake file-download API; an expired code stores nothing', async () => {
      expect(await dingtalkSend({ msgtype: 'text', text: { content: `绑定 ${OTHER}` } }, 'dt-admin', 'cidMath', true)).toContain('已把本群绑定到支部');
      const before = storedFiles().length;
      const rich = await dingtalkSend(
        {
          msgtype: 'richText',
          content: { richText: [{ text: '上报 今天召开支部委员会会议，5名委员参加' }, { type: 'picture', downloadCode: dingtalkFile('code-a', jpegWithGps(21)), pictureDownloadCode: 'x' }] },
        },
        'dt-sec',
        'cidMath',
      );
      expect(rich).toContain('已记录 **#1**');
      expect(rich).toContain('**#1** 已附照片 1 张');
      const download = fake.on('/v1.0/robot/messageFiles/download').at(-1);
      expect(download?.json).toEqual({ downloadCode: 'code-a', robotCode: 'dingrobot' });
      expect(download?.headers['x-acs-dingtalk-access-token']).toBe('fake-access-token');
      // A picture right after (DingTalk's picture message, as in a single chat).
      expect(await dingtalkSend({ msgtype: 'picture', content: { downloadCode: dingtalkFile('code-b', pngWithExif()) } }, 'dt-sec', 'cidMath')).toContain('**#1** 已附照片 2 张');
      // Expired download code (the API refuses it) and an expired download URL (403).
      expect(await dingtalkSend({ msgtype: 'picture', content: { downloadCode: 'old-code' } }, 'dt-sec', 'cidMath')).toContain('照片链接已失效');
      expect(await dingtalkSend({ msgtype: 'picture', content: { downloadCode: dingtalkFile('code-c', 403) } }, 'dt-sec', 'cidMath')).toContain('照片链接已失效');
      expect(await dingtalkSend({ msgtype: 'picture', content: { downloadCode: dingtalkFile('code-d', Buffer.from('GIF89a fake')) } }, 'dt-sec', 'cidMath')).toContain('只收 JPEG 或 PNG');
      // The PNG is the one WeCom already delivered (same content after stripping): one file for both.
      expect(storedFiles().length).toBe(before + 1);
      expect((await service.services.store.getReport(OTHER, 1))?.photos).toHaveLength(2);
    }, 120_000);

    it('serves a photo only with a signed, unexpired link for its branch or the committee', async () => {
      const links = service.services.photos.links;
      const report = await service.services.store.getReport(BRANCH, 1);
      const photo = report?.photos?.[0];
      expect(photo).toBeDefined();
      const file = photo?.file ?? '';
      const target = { branch: BRANCH, reportId: 1, file };
      const ok = await fetch(`${base}${links.path({ kind: 'branch', branch: BRANCH }, target, clock)}`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/jpeg');
      expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
      expect(ok.headers.get('referrer-policy')).toBe('no-referrer');
      expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
      const served = Buffer.from(await ok.arrayBuffer());
      expect(served.equals(readFileSync(join(photoDir, file)))).toBe(true);
      expect(served.toString('latin1')).not.toContain(GPS_TEXT);
      expect((await fetch(`${base}${links.path({ kind: 'committee' }, target, clock)}`)).status).toBe(200);

      // Unsigned, tampered, for another file, expired, for another branch's scope.
      expect((await fetch(`${base}/files/${file}`)).status).toBe(403);
      const good = links.path({ kind: 'branch', branch: BRANCH }, target, clock);
      expect((await fetch(`${base}${good.slice(0, -3)}AAA`)).status).toBe(403);
      const second = report?.photos?.[1]?.file ?? '';
      expect((await fetch(`${base}${good.replace(file, second)}`)).status).toBe(403);
      expect((await fetch(`${base}${links.path({ kind: 'branch', branch: BRANCH }, target, clock, 60_000).replace(/^/u, '')}`)).status).toBe(200);
      const shortLived = links.path({ kind: 'branch', branch: BRANCH }, target, new Date(clock.getTime() - 120_000), 60_000);
      const expired = await fetch(`${base}${shortLived}`);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('照片链接无效或已过期');
      expect((await fetch(`${base}${links.path({ kind: 'branch', branch: OTHER }, target, clock)}`)).status).toBe(403);
      // One link is not a file server: past its burst it gets 429 (another link still works). The
      // service's clock stands still here, so nothing refills meanwhile.
      const hammered = links.path({ kind: 'committee' }, target, clock);
      const statuses: number[] = [];
      for (let i = 0; i < 31; i += 1) statuses.push((await fetch(`${base}${hammered}`)).status);
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses[30]).toBe(429);
      expect((await fetch(`${base}${links.path({ kind: 'committee' }, target, clock)}`)).status).toBe(200);
      // A link naming a report the photo is not part of.
      expect((await fetch(`${base}${links.path({ kind: 'committee' }, { ...target, reportId: 2 }, clock)}`)).status).toBe(403);
    });

    it('the Word summary embeds the photos and the Excel 记录 sheet links them', async () => {
      const summary = await wecomSend(text('总结'), 'sec-1', 'wrkPhys');
      const docLink = /\/summary\/([\w-]+\.[\w-]+)\.docx/u.exec(summary)?.[1];
      const doc = await fetch(`${base}/summary/${docLink}.docx`);
      expect(doc.status).toBe(200);
      const zip = await JSZip.loadAsync(Buffer.from(await doc.arrayBuffer()));
      const mediaFiles = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
      // At most 4 printed under an activity; the count names all 7.
      expect(mediaFiles).toHaveLength(4);
      const stored = new Set(storedFiles().map((n) => readFileSync(join(photoDir, n)).toString('base64')));
      for (const m of mediaFiles) expect(stored.has((await zip.file(m)?.async('nodebuffer'))?.toString('base64') ?? '')).toBe(true);
      const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
      expect(xml).toContain('<pic:pic');
      expect(xml.replace(/<[^>]+>/gu, '')).toContain('活动照片（7张，此处印前4张）');

      expect(await wecomSend(text('绑定 委员会'), 'wc-admin', 'wrkCommittee')).toContain('委员会');
      const exported = await wecomSend(text('导出'), 'wc-admin', 'wrkCommittee');
      const token = /\/export\/([\w-]+\.[\w-]+)\.xlsx/u.exec(exported)?.[1];
      const res = await fetch(`${base}/export/${token}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('记录');
      const header = (sheet?.getRow(1).values as unknown[]).map(String);
      const col = header.indexOf('照片');
      let links = '';
      sheet?.eachRow((row) => {
        if (String(row.getCell(1).value) === BRANCH && String(row.getCell(2).value) === '1') links = String(row.getCell(col).value ?? '');
      });
      const urls = links.split('\n');
      expect(urls).toHaveLength(7);
      // Links are to this server's /files route, committee-scoped, and work.
      for (const u of urls.slice(0, 2)) {
        expect(u).toMatch(/^http:\/\/127\.0\.0\.1:1\/files\/[0-9a-f]{64}\.(jpg|png)\?sig=/u);
        expect((await fetch(u.replace('http://127.0.0.1:1', base))).status).toBe(200);
      }
    });
  });
}
