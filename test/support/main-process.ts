// `src/main.ts` in a process of its own, as `npm start` runs it (through tsx, not the build), for
// the tests that kill it, stop it or run several instances: production mode on 127.0.0.1, the
// reminder schedule off, stdout and stderr collected for the failure message.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface MainProcess {
  child: ChildProcess;
  /** Everything it wrote so far. */
  output(): string;
  /** Its exit code (null after a signal). */
  exited: Promise<number | null>;
}

/**
 * Starts it with `env` over the defaults. `inherit`: start from this process's environment
 * (else PATH only, so no variable of the test run leaks into the service's config).
 */
export function spawnMain(env: Record<string, string>, options: { inherit?: boolean } = {}): MainProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...(options.inherit ? process.env : { PATH: process.env.PATH ?? '' }), NODE_ENV: 'production', HOST: '127.0.0.1', SCHEDULES_ENABLED: 'false', ...env },
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

/** SIGKILL unless it has ended already (cleanup after a failed test). */
export function killHard(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Resolves once GET /healthz answers on `port`; throws with its output if it exits or takes too long. */
export async function untilHealthy(main: MainProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || main.child.exitCode !== null) throw new Error(`server did not start:\n${main.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
