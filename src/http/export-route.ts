// GET /export/<token>.csv|.xlsx: the committee's CSV or workbook; GET /summary/<token>.docx: one
// branch's Word summary (a branch-scoped dashboard link token). Only with a valid, unexpired
// signed token; anything else gets 403 and nothing is read.
import type { RouteModule } from '../server.js';
import type { DashboardLinks } from '../dashboard/links.js';
import type { Knowledge } from '../knowledge/types.js';
import type { MeetingCadence } from '../reports/meetings.js';
import { branchSummaryFile, committeeWorkbookFile, workbookPhotoLinks } from '../reports/files.js';
import type { PhotoLinks } from '../reports/photo-links.js';
import type { Store } from '../store/types.js';
import type { ExportTokens } from '../reports/export-token.js';
import { Readable } from 'node:stream';
import { csvHead, csvRows } from '../reports/csv.js';
import { sortBranches } from '../store/schema.js';
import { shanghaiDate, systemNow, type Now } from '../time.js';
import type { PhotoFiles } from '../core.js';

/** What a person who opens a bad or old link sees (a fixed page: nothing of the request echoed). */
const REFUSED_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>链接无效或已过期</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 3em auto; padding: 0 1em; line-height: 1.6">
<h1>链接无效或已过期</h1>
<p>导出链接限时有效，过期或被改动过的链接不能下载。</p>
<p>请在委员会群里 @党建助手 重新发送“导出”，用新的链接下载。</p>
</body></html>
`;

export interface ExportDeps {
  store: Store;
  exportTokens: ExportTokens;
  /** For the .xlsx and .docx files; without them only the CSV is served. */
  files?: { knowledge: Knowledge; links: DashboardLinks; cadence: MeetingCadence; photos?: { files: PhotoFiles; links: PhotoLinks } };
  now?: Now;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/gu, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function exportModule(deps: ExportDeps): RouteModule {
  const now = deps.now ?? systemNow;
  return {
    name: 'export',
    mount(router) {
      router.get('/export/:file', async (ctx) => {
        ctx.state.platform = 'export';
        const file = ctx.params.file ?? '';
        const xlsx = deps.files !== undefined && file.endsWith('.xlsx');
        const token = file.endsWith('.csv') ? file.slice(0, -4) : xlsx ? file.slice(0, -5) : '';
        if (token === '' || !deps.exportTokens.verify(token, now())) {
          ctx.state.outcome = 'rejected';
          ctx.status = 403;
          ctx.type = 'text/html; charset=utf-8';
          ctx.set('cache-control', 'no-store');
          ctx.body = REFUSED_PAGE;
          return;
        }
        if (xlsx && deps.files) {
          const today = shanghaiDate(now());
          const photos = deps.files.photos;
          const body = await committeeWorkbookFile(deps.store, deps.files.knowledge, today, deps.files.cadence, photos ? workbookPhotoLinks(photos.links, now()) : undefined);
          ctx.state.outcome = 'exported';
          ctx.set('content-disposition', attachment(`双强六好上报记录-${today}.xlsx`));
          ctx.set('cache-control', 'no-store');
          ctx.type = XLSX;
          ctx.body = body;
          return;
        }
        // Streamed a page at a time, so 100k records never sit in memory at once.
        const branches = sortBranches(await deps.store.listBranches());
        const store = deps.store;
        async function* lines(): AsyncGenerator<string> {
          yield csvHead();
          for (const branch of branches) {
            for await (const page of store.reportPages(branch, 500)) yield csvRows(page);
          }
        }
        ctx.state.outcome = 'exported';
        ctx.set('content-disposition', `attachment; filename="reports-${shanghaiDate(now())}.csv"`);
        ctx.set('cache-control', 'no-store');
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = Readable.from(lines(), { objectMode: false });
      });
      router.get('/summary/:file', async (ctx) => {
        ctx.state.platform = 'export';
        const file = ctx.params.file ?? '';
        const check = deps.files && file.endsWith('.docx') ? deps.files.links.check(file.slice(0, -5), now()) : undefined;
        if (!deps.files || !check?.ok || check.scope.kind !== 'branch') {
          ctx.state.outcome = 'rejected';
          ctx.status = 403;
          ctx.type = 'text/html; charset=utf-8';
          ctx.set('cache-control', 'no-store');
          ctx.body = REFUSED_PAGE.replace('导出链接限时有效', '下载链接限时有效').replace('在委员会群里 @党建助手 重新发送“导出”', '在本支部群里 @党建助手 重新发送“总结”');
          return;
        }
        const today = shanghaiDate(now());
        const branch = check.scope.branch;
        const body = await branchSummaryFile(deps.store, deps.files.knowledge, branch, today, deps.files.photos?.files);
        ctx.state.outcome = 'exported';
        ctx.set('content-disposition', attachment(`${branch}双强六好工作总结-${today}.docx`));
        ctx.set('cache-control', 'no-store');
        ctx.type = DOCX;
        ctx.body = body;
      });
    },
  };
}
