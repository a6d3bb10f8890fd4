// GET /export/<token>.csv: the committee's CSV, only with a valid, unexpired signed token.
import type { RouteModule } from '../server.js';
import type { Store } from '../store/types.js';
import type { ExportTokens } from '../reports/export-token.js';
import { reportsCsv } from '../reports/csv.js';

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
        const branches = await deps.store.listBranches();
        const reports = (await Promise.all(branches.map((b) => deps.store.listReports(b)))).flat();
        reports.sort((a, b) => a.branch.localeCompare(b.branch, 'zh') || a.id - b.id);
        ctx.state.outcome = 'exported';
        ctx.set('content-disposition', `attachment; filename="reports-${now().toISOString().slice(0, 10)}.csv"`);
        ctx.set('cache-control', 'no-store');
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = reportsCsv(reports);
      });
    },
  };
}
