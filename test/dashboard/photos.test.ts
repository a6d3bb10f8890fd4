// Photo thumbnails on the dashboard, over real HTTP from a running server on both stores: the
// recent-activity list and the branch page show signed thumbnail links that the CSP allows
// (img-src 'self') and that open the photo; a branch page shows only its own branch's photos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachPhotos } from '../../src/reports/photos.js';
import { jpegWithGps } from '../support/photos.js';
import { startDemoServer, type DemoServer } from './demo-server.js';
import { NOW } from './seed.js';

const BRANCH = '省化学会党支部';

for (const kind of ['embedded', 'redis'] as const) {
  describe(`dashboard photo thumbnails (${kind} store)`, () => {
    let demo: DemoServer;
    let file = '';

    beforeAll(async () => {
      demo = await startDemoServer({ store: kind });
      const { store, photos } = demo.service.services;
      const { report } = await store.addReport({
        branch: BRANCH,
        reporterId: 'sec',
        group: { platform: 'wecom', conversationId: 'wrkChem' },
        messageId: 'wecom:thumb-1',
        receivedAt: NOW.toISOString(),
        date: '2026-11-05',
        criteria: [7],
        text: '组织党员到企业走基层，带了照片',
      });
      // The download is the platform's part; here the bytes are handed over as a download would.
      const outcome = await attachPhotos(store, photos.files, { branch: BRANCH, id: report.id }, [{ kind: 'image', fetch: async () => ({ ok: true, bytes: jpegWithGps(51) }) }], {
        by: 'sec',
        at: NOW.toISOString(),
      });
      file = outcome.report?.photos?.[0]?.file ?? '';
      expect(file).toMatch(/^[0-9a-f]{64}\.jpg$/u);
    }, 60_000);
    afterAll(async () => demo.close());

    it('shows signed thumbnails in recent activity and on the branch page, and they open', async () => {
      const res = await fetch(demo.committeeUrl());
      expect(res.headers.get('content-security-policy')).toContain("img-src 'self'");
      const page = await res.text();
      const srcs = [...page.matchAll(/<img src="(\/files\/[^"]+)"/gu)].map((m) => (m[1] ?? '').replace(/&amp;/gu, '&'));
      expect(srcs.length).toBeGreaterThan(0);
      expect(srcs[0]).toContain(`/files/${file}?sig=`);
      const photo = await fetch(`${demo.base}${srcs[0]}`);
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toBe('image/jpeg');

      const branchPage = await (await fetch(demo.branchUrl(BRANCH))).text();
      const branchSrc = /<img src="(\/files\/[^"]+)"/u.exec(branchPage)?.[1]?.replace(/&amp;/gu, '&');
      expect(branchSrc).toBeDefined();
      expect((await fetch(`${demo.base}${branchSrc}`)).status).toBe(200);
      // Another branch's page has no link to this photo.
      const other = await (await fetch(demo.branchUrl('省医学会党支部'))).text();
      expect(other).not.toContain(file);
    });
  });
}
