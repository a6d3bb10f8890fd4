// How the service is started in production, read from package.json's `start` script, the one
// place it is written: `VAR=${VAR:-value} … exec node --flag … dist/src/main.js`. The bench runs its
// server with the same node flags and environment defaults, and a test holds the Dockerfile to them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartCommand {
  /** Environment defaults the script sets (a value already in the environment wins). */
  env: Record<string, string>;
  /** Node's own flags, before the entry point. */
  nodeFlags: string[];
  /** The entry point, relative to the project root. */
  entry: string;
}

export function startCommand(root: string): StartCommand {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts.start ?? '';
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^([A-Z_][A-Z0-9_]*)=\$\{\1:-([^}]*)\}$/.exec(words[i] ?? '');
    if (!m) break;
    env[m[1] ?? ''] = m[2] ?? '';
  }
  if (words[i] !== 'exec' || words[i + 1] !== 'node') throw new Error(`start script is not "… exec node …": ${script}`);
  const rest = words.slice(i + 2);
  const nodeFlags = rest.filter((w) => w.startsWith('--'));
  const entry = rest.find((w) => !w.startsWith('--')) ?? '';
  return { env, nodeFlags, entry };
}

/** `env` filled with the start script's defaults where it has no value of its own. */
export function withStartDefaults(command: StartCommand, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const [k, v] of Object.entries(command.env)) if (out[k] === undefined || out[k] === '') out[k] = v;
  return out;
}
