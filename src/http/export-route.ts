// GET /export/<token>.csv: the committee's CSV, only with a valid, unexpired signed token.
import type { RouteModule } from '../server.js';
import type { Store } from '../store/types.js';
import type { ExportTokens } from '../reports/export-token.js';
import { Readable } from 'node:stream';
import { csvHead, csvRows } from '../reports/csv.js';
import { sortBranches } from '../store/schema.js';
import { shanghaiDate } from '../time.js';

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

export function exportModule(deps: { store: Store; exportTokens: ExportTokens; now?: () => Date }): RouteModule {
  const now = deps.now ?? (() => new Date());
  return {
    name: 'export',
    mount(router) {
      router.get('/export/:file', async (ctx) => {
        ctx.state.platform = 'export';
        const file = ctx.params.file ?? '';
        const token = file.endsWith('.csv') ? file.slice(0, -4) : '';
        if (token === '' || !deps.exportTokens.verify(token, now())) {
          ctx.state.outcome = 'rejected';
          ctx.status = 403;
          ctx.type = 'text/html; charset=utf-8';
          ctx.set('cache-control', 'no-store');
          ctx.body = REFUSED_PAGE;
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
    },
  };
}
