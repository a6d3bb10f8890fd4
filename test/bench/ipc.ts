// Messages between the bench runner and its child processes (the server under test, the fake
// platform). Plain JSON over the Node IPC channel.

export interface ServerStats {
  /** Resident set size now, bytes. */
  rss: number;
  /** Highest RSS seen (sampled every 50 ms) since the process started, bytes. */
  peakRss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory of C++ objects bound to JS (buffers, native addons' JS-visible allocations). */
  external: number;
  /** CPU time used by the process since it started. */
  cpuUserMs: number;
  cpuSystemMs: number;
}

export interface RobotLoad {
  /** Distinct robot addresses (WeCom webhook key, DingTalk access_token) that got a push. */
  robots: number;
  /** Highest number of pushes one robot got within any 60-second window. */
  maxPerMinute: number;
  /** Fewest pushes one robot got (0 when some robot got none is not visible here: compare `robots`). */
  minPushes: number;
  /** Time of the first and last push (ms since epoch), 0 when none. */
  first: number;
  last: number;
}

export interface FakeCounts {
  total: number;
  /** Requests per path (query dropped). */
  byPath: Record<string, number>;
  robots: RobotLoad;
}

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'stats'; stats: ServerStats }
  | { type: 'counts'; counts: FakeCounts }
  | { type: 'snapshot'; file: string }
  | { type: 'reminded'; occurrence: string; ms: number; statuses: Record<string, number> };

export type ParentMessage =
  | { type: 'stats' }
  | { type: 'gc' }
  /** Write a V8 heap snapshot into `dir` (bench --heap-snapshot): what the live heap holds after a run. */
  | { type: 'heap-snapshot'; dir: string }
  | { type: 'stop' }
  | { type: 'counts' }
  | { type: 'reset' }
  /** Run the first reminder of `job` in the campaign year once, as of one minute after it is due. */
  | { type: 'remind'; job: string };

/** Highest count of times within any window of `windowMs` (times ascending). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
