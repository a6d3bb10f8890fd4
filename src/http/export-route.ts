// GET /export/<token>.csv: the committee's CSV, only with a valid, unexpired signed token.
import type { RouteModule } from '../server.js';
import type { Store } from '../store/types.js';
import type { ExportTokens } from '../reports/export-token.js';
import { Readable } from 'node:stream';
import { csvHead, csvRows } from '../reports/csv.js';
import { sortBranches } from '../store/schema.js';

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
          ctx.body = 'invalid or expired link';
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
        ctx.set('content-disposition', `attachment; filename="reports-${now().toISOString().slice(0, 10)}.csv"`);
        ctx.set('cache-control', 'no-store');
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = Readable.from(lines(), { objectMode: false });
      });
    },
  };
}
