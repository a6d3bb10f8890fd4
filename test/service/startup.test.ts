// Start-up as a deployer meets it: .env (the real environment wins), warnings about typos,
// --help/--version, and `cp .env.example .env` starting a ready server on the embedded store.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWN_VARIABLES, loadStartupConfig } from '../../src/config.js';
import { editDistance, unknownVariables } from '../../src/env-file.js';
import { freePort } from '../support/redis.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = import.meta.resolve('tsx');
const root = mkdtempSync(join(tmpdir(), 'djzs-startup-'));
let seq = 0;

function envFile(text: string): string {
  const path = join(root, `env-${++seq}`);
  writeFileSync(path, text);
  return path;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('.env', () => {
  it('fills in what the environment leaves unset; a variable set in the environment wins, even empty', () => {
    const path = envFile('PORT=4000\nDATA_DIR=/srv/djzs\n# a comment\nLOG_LEVEL="warn"\nHOST=\n');
    const env: NodeJS.ProcessEnv = { PORT: '5000', HOST: '' };
    const { config, envFile: read, warnings } = loadStartupConfig(env, path);
    expect(read).toBe(path);
    expect(config.PORT).toBe(5000);
    expect(config.DATA_DIR).toBe('/srv/djzs');
    expect(config.LOG_LEVEL).toBe('warn');
    expect(config.HOST).toBe('0.0.0.0');
    expect(env.HOST).toBe('');
    expect(warnings).toEqual([]);
  });

  it('is optional', () => {
    const { config, envFile: read } = loadStartupConfig({}, join(root, 'no-such-file'));
    expect(read).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it('.env.example loads through the real loader with no warning and picks the embedded store', () => {
    const { config, warnings } = loadStartupConfig({}, join(ROOT, '.env.example'));
    expect(warnings).toEqual([]);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.NODE_ENV).toBe('development');
  });
});

describe('unknown variables', () => {
  it('names each unknown variable of .env and the closest known one', () => {
    const path = envFile('PROT=3001\nREDIS_ULR=redis://127.0.0.1:6379\nWECOM_SECRET=x\nDINGTALK_APPSECRET=y\nFAVOURITE_COLOUR=red\n');
    const { warnings } = loadStartupConfig({}, path);
    const text = warnings.join('\n');
    expect(text).toContain('不认识的变量 PROT（来自 .env），没有使用；是不是 PORT？');
    expect(text).toContain('REDIS_ULR（来自 .env），没有使用；是不是 REDIS_URL？');
    expect(text).toContain('DINGTALK_APPSECRET（来自 .env），没有使用；是不是 DINGTALK_APP_SECRET？');
    expect(text).toMatch(/WECOM_SECRET（来自 \.env），没有使用/);
    expect(text).toContain('FAVOURITE_COLOUR（来自 .env）');
    expect(warnings).toHaveLength(5);
  });

  it('in the environment, reports our prefixes and near misses but not other programs’ variables', () => {
    const env = { PROT: '1', REDIS_HOST: 'x', EXPORT_SECERT: 'y', HOME: '/root', PATH: '/bin', HOSTNAME: 'h', SHELL: 'sh', LANG: 'C', TERM: 'xterm', PWD: '/', TZ: 'UTC', USER: 'root' };
    const found = unknownVariables(env, [], KNOWN_VARIABLES);
    expect(found.map((f) => [f.name, f.closest])).toEqual([
      ['EXPORT_SECERT', 'EXPORT_SECRET'],
      ['PROT', 'PORT'],
      ['REDIS_HOST', undefined],
    ]);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('PROT', 'PORT')).toBe(1);
    expect(editDistance('REDIS_ULR', 'REDIS_URL')).toBe(1);
    expect(editDistance('HOME', 'HOST')).toBe(2);
    expect(editDistance('', 'PORT')).toBe(4);
  });
});

// These spawn the real entry point through tsx: seconds each on a loaded machine.
describe('the server command', { timeout: 90_000 }, () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', TSX, join(ROOT, 'src/main.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } });

  it('answers --help in Chinese and --version with the package version, without starting', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('用法：npm start');
    expect(help.stdout).toContain('已设置的环境变量 > 当前目录下 .env 文件 > 默认值');
    for (const name of ['PORT', 'REDIS_URL', 'ADMIN_IDS', 'EXPORT_SECRET']) expect(help.stdout).toContain(name);
    const version = run(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const wrong = run(['--prot=3000']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('不认识的选项：--prot=3000');
  });

  it('cp .env.example .env && start: ready on the embedded store, typo warned, SIGTERM exits 0', async () => {
    const dir = mkdtempSync(join(root, 'fresh-'));
    copyFileSync(join(ROOT, '.env.example'), join(dir, '.env'));
    writeFileSync(join(dir, '.env'), `${readFileSync(join(dir, '.env'), 'utf8')}PROT=3001\n`);
    const port = await freePort();
    // PORT from the environment beats PORT=3000 in .env.
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src/main.ts')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', SCHEDULES_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let status = 0;
      for (let i = 0; i < 600 && status !== 200; i++) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status, out).toBe(200);
      expect(out).toContain('"store":"embedded"');
      expect(out).toContain('是不是 PORT？');
      expect(existsSync(join(dir, 'data'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
