// `npm start` as a deployer runs it: in a pseudo-terminal (script(1)), so stdout is a TTY as in
// an interactive shell. The server must come up ready, run as npm's direct child (no shell in
// between, so signals reach it), and stop cleanly when npm gets SIGTERM. Builds dist/ first when
// it is stale, so it can take a while: run by `npm run test:reliability`, not by `npm test`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/redis.js';
import { startCommand } from '../support/start-command.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'djzs-npm-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function childrenOf(pid: number): { pid: number; args: string }[] {
  const out = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(.*)$/u.exec(l))
    .flatMap((m) => (m ? [{ pid: Number(m[1]), args: m[2] ?? '' }] : []));
}

describe('npm start in a terminal', { timeout: 300_000 }, () => {
  it('is ready, runs node directly under npm, and stops on SIGTERM to npm', async () => {
    const port = await freePort();
    const log = join(dir, 'typescript.log');
    const child = spawn('script', ['-qfec', 'npm start', log], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), SCHEDULES_ENABLED: 'false', REDIS_URL: '' },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let status = 0;
    for (let i = 0; i < 2400 && status !== 200; i++) {
      status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    const output = (): string => readFileSync(log, 'utf8');
    expect(status, output()).toBe(200);
    expect(output()).toContain('党建助手已启动');
    const npm = childrenOf(child.pid ?? 0).find((c) => c.args.startsWith('npm'));
    expect(npm, 'npm under script').toBeDefined();
    const server = childrenOf(npm?.pid ?? 0);
    const start = startCommand(ROOT);
    expect(server.map((c) => c.args)).toEqual([['node', ...start.nodeFlags, start.entry].join(' ')]);
    process.kill(npm?.pid ?? 0, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
    expect(childrenOf(npm?.pid ?? 0)).toEqual([]);
  });
});
