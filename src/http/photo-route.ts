// GET /files/<sha256>.jpg|png?sig=<token>: one photo, only with a valid, unexpired signed link
// whose scope may see the photo's branch, and only while the photo still belongs to the report
// the link names (a photo of an undone report is no longer served). Headers as strict as the
// dashboard's; nothing of the request is echoed.
import type { Context } from 'koa';
import type { RouteModule } from '../server.js';
import type { PhotoLinks } from '../reports/photo-links.js';
import { isPhotoFileName } from '../reports/photo-store.js';
import type { Store } from '../store/types.js';
import { TokenRateLimit } from '../dashboard/rate-limit.js';
import { systemNow, type Now } from '../time.js';
import type { PhotoFiles } from '../core.js';

export interface PhotoRouteDeps {
  store: Store;
  files: PhotoFiles;
  links: PhotoLinks;
  now?: Now;
  /** Requests per link: burst and per-second refill (defaults 30 and 0.5), like the dashboard's. */
  rateLimit?: { burst: number; perSecond: number };
}

const REFUSED = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>照片链接无效或已过期</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 3em auto; padding: 0 1em; line-height: 1.6">
<h1>照片链接无效或已过期</h1>
<p>照片只能通过限时有效的签名链接查看，过期、被改动或无权查看的链接打不开。</p>
<p>请重新打开看板（委员会群发“看板”，支部群发“进度”）或重新导出工作簿。</p>
</body></html>
`;

function secure(ctx: Context): void {
  ctx.set('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('referrer-policy', 'no-referrer');
  ctx.set('x-frame-options', 'DENY');
  ctx.set('cross-origin-resource-policy', 'same-origin');
  ctx.set('x-robots-tag', 'noindex');
}

export function photoModule(deps: PhotoRouteDeps): RouteModule {
  const now = deps.now ?? systemNow;
  // A leaked link stays valid until it expires: it must not turn into a file server for anyone.
  const limit = new TokenRateLimit(deps.rateLimit?.burst ?? 30, deps.rateLimit?.perSecond ?? 0.5);
  function refuse(ctx: Context, outcome: string): void {
    ctx.state.outcome = outcome;
    ctx.status = 403;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('cache-control', 'no-store');
    ctx.body = REFUSED;
  }
  return {
    name: 'files',
    mount(router) {
      router.get('/files/:file', async (ctx) => {
        ctx.state.platform = 'files';
        secure(ctx);
        const file = ctx.params.file ?? '';
        const sig = new URLSearchParams(ctx.querystring).getAll('sig');
        if (!isPhotoFileName(file) || sig.length !== 1 || !sig[0]) return refuse(ctx, 'rejected');
        const check = deps.links.check(file, sig[0], now());
        if (!check.ok) return refuse(ctx, check.reason === 'expired' ? 'expired' : 'rejected');
        if (!limit.take(sig[0], now().getTime())) {
          ctx.state.outcome = 'rate-limited';
          ctx.status = 429;
          ctx.set('retry-after', '2');
          ctx.type = 'text/plain; charset=utf-8';
          ctx.body = '访问太频繁，请稍后再试。';
          return;
        }
        const { scope, target } = check;
        if (scope.kind === 'branch' && scope.branch !== target.branch) return refuse(ctx, 'other-branch');
        const report = await deps.store.getReport(target.branch, target.reportId);
        const photo = report?.photos?.find((p) => p.file === file);
        if (!photo) return refuse(ctx, 'gone');
        const bytes = await deps.files.read(file);
        if (!bytes) return refuse(ctx, 'missing');
        ctx.state.outcome = 'served';
        ctx.set('cache-control', 'private, max-age=300');
        ctx.type = photo.type;
        ctx.body = bytes;
      });
    },
  };
}
