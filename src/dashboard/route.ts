// GET /d/<token>…: the dashboard. The token is the credential (see links.ts); every response
// carries a CSP without inline script, nosniff and no-referrer, so the token never leaves in a
// Referer header. The request log shows /d/… without the token (server.ts).
import type { Context } from 'koa';
import type { RouteModule } from '../server.js';
import type { Knowledge } from '../knowledge/types.js';
import { Readable } from 'node:stream';
import { branchSummaryFile, committeeWorkbookFile, workbookPhotoLinks } from '../reports/files.js';
import type { PhotoLinks } from '../reports/photo-links.js';
import type { Report } from '../store/types.js';
import { gzipSync } from 'node:zlib';
import { compareChinese } from '../store/schema.js';
import { StoreUnavailableError, type Store } from '../store/types.js';
import { shanghaiDate, systemNow, type Now } from '../time.js';
import { assets } from './assets.js';
import { meetingColumns, readActivities, readDashboard, reportsCsvLines } from './data.js';
import { DEFAULT_CADENCE, type MeetingCadence } from '../reports/meetings.js';
import type { DashboardLinks, DashboardScope } from './links.js';
import { TokenRateLimit } from './rate-limit.js';
import { branchHref, branchPage, committeePage, messagePage, type Download } from './render.js';
import { parseQuery, select, toRow } from './view.js';
import type { PhotoFiles } from '../core.js';

export interface DashboardDeps {
  store: Store;
  knowledge: Knowledge;
  links: DashboardLinks;
  now?: Now;
  /** 三会一课 cadence per meeting kind (the reminders' settings); the defaults otherwise. */
  meetingCadence?: MeetingCadence;
  /** Photo files and links: thumbnails in the activity lists, photos in the Word and Excel files. */
  photos?: { files: PhotoFiles; links: PhotoLinks };
  /** Requests per token: burst and per-second refill (defaults 60 and 1). */
  rateLimit?: { burst: number; perSecond: number };
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function secure(ctx: Context): void {
  ctx.set('content-security-policy', CSP);
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('referrer-policy', 'no-referrer');
  ctx.set('x-frame-options', 'DENY');
  ctx.set('cross-origin-opener-policy', 'same-origin');
  ctx.set('cross-origin-resource-policy', 'same-origin');
}

/** The matrix repeats itself: gzip takes a 400 KB page to a few dozen KB for phone networks. */
const COMPRESS_FROM = 16 * 1024;

function page(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.set('x-robots-tag', 'noindex');
  ctx.vary('accept-encoding');
  if (body.length >= COMPRESS_FROM && ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
    ctx.set('content-encoding', 'gzip');
    ctx.body = gzipSync(body, { level: 6 });
    return;
  }
  ctx.body = body;
}

function refuse(ctx: Context, status: number, title: string, message: string): void {
  ctx.state.outcome = 'rejected';
  page(ctx, status, messagePage(title, message));
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const AGAIN = '请在群里重新发送“看板”（委员会群）或“进度”（支部群）获取新链接。';

export function dashboardModule(deps: DashboardDeps): RouteModule {
  const now = deps.now ?? systemNow;
  const cadence = deps.meetingCadence ?? DEFAULT_CADENCE;
  const columns = meetingColumns(cadence);
  const limit = new TokenRateLimit(deps.rateLimit?.burst ?? 60, deps.rateLimit?.perSecond ?? 1);

  /** Checks the rate limit and the token; answers the refusal itself and returns null. */
  function admit(ctx: Context): { scope: DashboardScope; expiresAt: Date; base: string } | null {
    ctx.state.platform = 'dashboard';
    secure(ctx);
    const token = ctx.params.token ?? '';
    if (!limit.take(token, Date.now())) {
      ctx.set('retry-after', '10');
      refuse(ctx, 429, '访问太频繁', '请稍等片刻再刷新页面。');
      return null;
    }
    const check = deps.links.check(token, now());
    if (!check.ok) {
      if (check.reason === 'expired') refuse(ctx, 403, '链接已过期', `为保护数据，看板链接只在限定时间内有效。${AGAIN}`);
      else refuse(ctx, 403, '链接无效', `这个链接不完整或已被作废。${AGAIN}`);
      return null;
    }
    return { scope: check.scope, expiresAt: check.expiresAt, base: `/d/${encodeURIComponent(token)}/` };
  }

  /** The branch named in the path, or null after refusing (outside the scope, unknown). */
  async function branchIn(ctx: Context, scope: DashboardScope): Promise<string | null> {
    const branch = ctx.params.branch ?? '';
    if (scope.kind === 'branch' && branch !== scope.branch) {
      refuse(ctx, 403, '无权查看', '这个链接只能查看本支部的情况。');
      return null;
    }
    if (scope.kind === 'committee' && !(await deps.store.listBranches()).includes(branch)) {
      refuse(ctx, 404, '没有这个支部', '看板中没有这个支部，它可能还没有绑定群或上报记录。');
      return null;
    }
    return branch;
  }

  function downloads(scope: DashboardScope, branch?: string): Download[] {
    if (branch !== undefined && scope.kind === 'committee') {
      return [
        { label: `${branch}工作总结（Word）`, href: `${branchHref(branch)}/summary.docx`, note: 'A4 纸质版草稿' },
        { label: `${branch}的全部记录（CSV）`, href: `${branchHref(branch)}/reports.csv`, note: '可用 Excel 打开' },
      ];
    }
    if (scope.kind === 'branch') {
      return [
        { label: '本支部工作总结（Word）', href: 'summary.docx', note: 'A4 纸质版草稿' },
        { label: '本支部全部记录（CSV）', href: 'reports.csv', note: '可用 Excel 打开' },
      ];
    }
    return [
      { label: '全部支部汇总工作簿（Excel）', href: 'reports.xlsx', note: '记录、标准覆盖、走基层、三会一课、修改记录' },
      { label: '全部支部的上报记录（CSV）', href: 'reports.csv', note: '可用 Excel 打开' },
    ];
  }

  function file(ctx: Context, name: string, type: string, body: Buffer): void {
    ctx.state.outcome = 'exported';
    ctx.set('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]/gu, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    ctx.set('cache-control', 'no-store');
    ctx.type = type;
    ctx.body = body;
  }

  /** Thumbnail links for a page of this scope; they expire with the page's link. */
  function photoSrc(scope: DashboardScope, expiresAt: Date): { photoSrc?: (r: Report) => string[] } {
    const photos = deps.photos;
    if (!photos) return {};
    const at = now();
    const ttl = Math.max(60_000, expiresAt.getTime() - at.getTime());
    return { photoSrc: (r) => (r.photos ?? []).map((p) => photos.links.path(scope, { branch: r.branch, reportId: r.id, file: p.file }, at, ttl)) };
  }

  async function renderBranch(ctx: Context, access: { scope: DashboardScope; expiresAt: Date; base: string }, branch: string): Promise<void> {
    const today = shanghaiDate(now());
    const c = Number(ctx.query.c);
    const criterion = Number.isInteger(c) && c >= 1 && c <= 25 ? c : undefined;
    const data = await readDashboard(deps.store, { kind: 'branch', branch }, today, cadence);
    const standing = data.standings[0] ?? { branch, total: 0, criteria: new Map<number, number>(), grassroots: 0 };
    const activities = await readActivities(deps.store, standing, criterion);
    ctx.state.outcome = 'shown';
    page(
      ctx,
      200,
      branchPage({
        knowledge: deps.knowledge,
        today,
        expiresAt: access.expiresAt,
        base: access.base,
        ...photoSrc(access.scope, access.expiresAt),
        downloads: downloads(access.scope, access.scope.kind === 'committee' ? branch : undefined),
        row: toRow(standing, today),
        cadenceColumns: columns,
        activities: activities.shown,
        activitiesTotal: activities.total,
        ...(criterion !== undefined ? { criterion } : {}),
        ...(access.scope.kind === 'committee' ? { backHref: './#branches' } : {}),
      }),
    );
  }

  async function guarded(ctx: Context, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      ctx.state.outcome = 'store_unavailable';
      page(ctx, 503, messagePage('暂时无法读取数据', '数据存储暂时不可用，请稍后刷新页面。'));
    }
  }

  function csv(ctx: Context, name: string, branches: readonly string[]): void {
    ctx.state.outcome = 'exported';
    ctx.set('content-disposition', `attachment; filename="${name}-${shanghaiDate(now())}.csv"`);
    ctx.set('cache-control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = Readable.from(reportsCsvLines(deps.store, branches), { objectMode: false });
  }

  return {
    name: 'dashboard',
    mount(router) {
      router.get('/d/assets/:name', (ctx) => {
        secure(ctx);
        const asset = Object.hasOwn(assets, ctx.params.name ?? '') ? assets[ctx.params.name ?? ''] : undefined;
        if (!asset) {
          ctx.status = 404;
          ctx.body = 'not found';
          return;
        }
        ctx.set('etag', asset.etag);
        ctx.set('cache-control', 'public, max-age=86400');
        if (ctx.get('if-none-match') === asset.etag) {
          ctx.status = 304;
          return;
        }
        ctx.type = asset.type;
        ctx.body = asset.body;
      });

      router.get(['/d/:token', '/d/:token/'], async (ctx) => {
        const access = admit(ctx);
        if (!access) return;
        await guarded(ctx, async () => {
          if (access.scope.kind === 'branch') return renderBranch(ctx, access, access.scope.branch);
          const today = shanghaiDate(now());
          const data = await readDashboard(deps.store, access.scope, today, cadence);
          const rows = data.standings.map((s) => toRow(s, today));
          const query = parseQuery(new URLSearchParams(ctx.querystring), deps.knowledge);
          const selection = select(rows, query);
          ctx.state.outcome = 'shown';
          page(
            ctx,
            200,
            committeePage({
              knowledge: deps.knowledge,
              today,
              expiresAt: access.expiresAt,
              base: access.base,
              ...photoSrc(access.scope, access.expiresAt),
              downloads: downloads(access.scope),
              selection,
              query,
              cadenceColumns: columns,
              silent: rows.filter((r) => r.status === 'silent').map((r) => r.branch).sort(compareChinese),
              totalBranches: rows.length,
              push: data.push ?? { dead: [], closed: [], missing: [] },
              recent: data.recent,
            }),
          );
        });
      });

      router.get('/d/:token/b/:branch', async (ctx) => {
        const access = admit(ctx);
        if (!access) return;
        await guarded(ctx, async () => {
          const branch = await branchIn(ctx, access.scope);
          if (branch !== null) await renderBranch(ctx, access, branch);
        });
      });

      router.get('/d/:token/reports.csv', async (ctx) => {
        const access = admit(ctx);
        if (!access) return;
        await guarded(ctx, async () => {
          const branches = access.scope.kind === 'committee' ? await deps.store.listBranches() : [access.scope.branch];
          csv(ctx, access.scope.kind === 'committee' ? 'reports' : 'branch-reports', branches);
        });
      });

      router.get('/d/:token/reports.xlsx', async (ctx) => {
        const access = admit(ctx);
        if (!access) return;
        await guarded(ctx, async () => {
          if (access.scope.kind !== 'committee') return refuse(ctx, 403, '无权下载', '汇总工作簿只对委员会开放。');
          const today = shanghaiDate(now());
          file(ctx, `双强六好上报记录-${today}.xlsx`, XLSX, await committeeWorkbookFile(deps.store, deps.knowledge, today, cadence, deps.photos ? workbookPhotoLinks(deps.photos.links, now()) : undefined));
        });
      });

      const summary = async (ctx: Context, branch: string): Promise<void> => {
        const today = shanghaiDate(now());
        file(ctx, `${branch}双强六好工作总结-${today}.docx`, DOCX, await branchSummaryFile(deps.store, deps.knowledge, branch, today, deps.photos?.files));
      };
      router.get('/d/:token/summary.docx', async (ctx) => {
        const access = admit(ctx);
        if (!access) return;
        await guarded(ctx, async () => {
          if (access.scope.kind !== 'branch') return refuse(ctx, 404, '没有这个文件', '请从某个支部的页面下载它的工作总结。');
          await summary(ctx, access.scope.branch);
        });
      });
      router.get('/d/:token/b/:branch/summary.docx', async (ctx) => {
        const access = admit(ctx);
        if (!access) return;
        await guarded(ctx, async () => {
          const branch = await branchIn(ctx, access.scope);
          if (branch !== null) await summary(ctx, branch);
        });
      });

      router.get('/d/:token/b/:branch/reports.csv', async (ctx) => {
        const access = admit(ctx);
        if (!access) return;
        await guarded(ctx, async () => {
          const branch = await branchIn(ctx, access.scope);
          if (branch !== null) csv(ctx, 'branch-reports', [branch]);
        });
      });
    },
  };
}
