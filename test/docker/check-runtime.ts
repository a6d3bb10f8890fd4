// `npm run check:runtime`: what can be checked of the Docker image without a Docker engine.
// Builds like the build stage, assembles the runtime stage's files in a temp dir exactly as the
// Dockerfile's COPY lines say (production dependencies only, `npm ci --omit=dev`), then starts
// `npm start`'s node command (dist/src/main.js with its flags) there with the image's environment and checks /healthz, /readyz and a
// clean SIGTERM exit. It installs from the npm registry, so it is not part of `npm test`.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCommand } from '../support/start-command.js';

const root = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
let failures = 0;
const check = (ok: boolean, what: string): void => {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}`);
  if (!ok) failures += 1;
};

// The image's promises, read from the Dockerfile itself.
const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
check(/^FROM node:20/m.test(dockerfile), 'both stages use Node.js 20');
check(/^USER node$/m.test(runtime), 'runtime stage runs as the non-root user node');
check(/TZ=Asia\/Shanghai/.test(runtime) && /NODE_ENV=production/.test(runtime), 'runtime sets TZ=Asia/Shanghai and NODE_ENV=production');
// Instructions with their continuation lines joined.
const instructions = runtime.replace(/\\\n\s*/g, ' ').split('\n');
const healthcheck = instructions.find((l) => l.startsWith('HEALTHCHECK')) ?? '';
const healthcheckCmd = JSON.parse(/ CMD (\[.*\])$/.exec(healthcheck)?.[1] ?? '[]') as string[];
check(healthcheckCmd[0] === 'node' && healthcheckCmd.join(' ').includes('/healthz'), 'HEALTHCHECK runs node against /healthz');
check(/^EXPOSE 3000$/m.test(runtime), 'EXPOSE 3000 (the default PORT)');
check(/npm ci --omit=dev/.test(runtime), 'runtime installs production dependencies only');
for (const line of readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('!'))) {
  check(!['src', 'handlers', 'schedules', 'package.json', 'package-lock.json', 'tsconfig.json'].includes(line), `.dockerignore keeps build inputs (${line})`);
}

console.log('\nbuilding (npm run build) …');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const copies = [...runtime.matchAll(/^COPY --from=build \/app\/(\S+) \.\/(\S+)$/gm)].map((m) => ({ from: m[1] ?? '', to: m[2] ?? '' }));
check(copies.length >= 3, `runtime stage copies ${copies.length} build outputs`);
for (const c of copies) check(existsSync(join(root, c.from)), `build output exists: ${c.from}`);

const dir = mkdtempSync(join(tmpdir(), 'djzs-runtime-'));
try {
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
  console.log(`\nnpm ci --omit=dev in ${dir} …`);
  execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  for (const c of copies) cpSync(join(root, c.from), join(dir, c.to), { recursive: true });
  check(!existsSync(join(dir, 'node_modules', 'vitest')) && !existsSync(join(dir, 'node_modules', 'tsx')), 'no dev dependencies in the runtime');

  const start = startCommand(root);
  const child = spawn(process.execPath, [...start.nodeFlags, start.entry], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...start.env, NODE_ENV: 'production', TZ: 'Asia/Shanghai', PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no "listening" line within 20 s:\n${out}`)), 20_000);
    const poll = setInterval(() => {
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        res(Number(m[1]));
      }
    }, 50);
  });
  check(out.split('\n').filter(Boolean).every((l) => l.startsWith('{')), 'production logs are JSON lines');
  check((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200, 'GET /healthz → 200');
  check((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 'GET /readyz → 200 (embedded store)');
  let healthy = false;
  try {
    execFileSync(process.execPath, healthcheckCmd.slice(1), { env: { PORT: String(port) }, timeout: 5000 });
    healthy = true;
  } catch {
    healthy = false;
  }
  check(healthy, 'the HEALTHCHECK command itself exits 0 against the running server');
  const exited = new Promise<number | null>((res) => child.once('exit', res));
  child.kill('SIGTERM');
  check((await exited) === 0, 'SIGTERM → exit 0');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(failures === 0 ? '\nruntime stage: all checks passed' : `\nruntime stage: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
