// Spawning the bench's child processes (server under test, fake platform) and talking to them.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, FakeCounts, ParentMessage, ServerStats } from './ipc.js';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
/** The repository root (this file is test/bench/children.ts). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Sends a message and resolves with the child's next message of `type`. */
  ask<T extends ChildMessage['type']>(message: ParentMessage, type: T): Promise<Extract<ChildMessage, { type: T }>>;
  /** Asks the child to stop; resolves with its exit code (kills it after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** File descriptor for the child's stdout (its log lines); ignored when absent. */
  stdoutFd?: number;
}

/**
 * `node [flags] <script.js> [...args]`, or `node [flags] --import tsx <script.ts> …` for TypeScript
 * source, with an IPC channel; resolves once the child reports 'ready'.
 */
export async function spawnChild(script: string, args: string[], options: SpawnOptions = {}): Promise<Child> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, script, ...args], {
    stdio: ['ignore', options.stdoutFd ?? 'ignore', 'inherit', 'ipc'],
    env: options.env ?? process.env,
  });
  const port: number = await new Promise((resolve, reject) => {
    const onMessage = (raw: unknown): void => {
      const m = raw as ChildMessage;
      if (m.type === 'ready') {
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(m.port);
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`${script} exited with ${String(code)} before it was ready`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    process: child,
    port,
    url: `http://127.0.0.1:${port}`,
    ask(message, type) {
      return new Promise((resolve) => {
        const onMessage = (raw: unknown): void => {
          const m = raw as ChildMessage;
          if (m.type === type) {
            child.off('message', onMessage);
            resolve(m as Extract<ChildMessage, { type: typeof type }>);
          }
        };
        child.on('message', onMessage);
        child.send(message);
      });
    },
    async stop(timeoutMs = 15_000) {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function serverStats(child: Child): Promise<ServerStats> {
  return (await child.ask({ type: 'stats' }, 'stats')).stats;
}

export async function fakeCounts(child: Child): Promise<FakeCounts> {
  return (await child.ask({ type: 'counts' }, 'counts')).counts;
}

export async function resetFake(child: Child): Promise<void> {
  await child.ask({ type: 'reset' }, 'counts');
}
