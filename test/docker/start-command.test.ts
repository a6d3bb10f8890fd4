// `npm start` and the image start the server the same way: package.json's start script is the one
// place the node flags and environment defaults are written; the Dockerfile must repeat them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCommand } from '../support/start-command.js';

const root = resolve(import.meta.dirname, '../..');
const runtime = ((d: string) => d.slice(d.indexOf('AS runtime')))(readFileSync(join(root, 'Dockerfile'), 'utf8')).replace(/\\\n\s*/g, ' ');

describe('start command', () => {
  const start = startCommand(root);

  it('runs the compiled entry point with node flags under exec', () => {
    expect(start.entry).toBe('dist/src/main.js');
    expect(start.nodeFlags.some((f) => f.startsWith('--max-semi-space-size='))).toBe(true);
  });

  it('is the Dockerfile CMD, flag for flag', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(runtime)?.[1];
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...start.nodeFlags, start.entry]);
  });

  it('sets the same environment defaults in the image', () => {
    const envLine = runtime.split('\n').find((l) => l.startsWith('ENV ')) ?? '';
    for (const [k, v] of Object.entries(start.env)) expect(envLine).toContain(`${k}=${v}`);
  });
});
