// A fake platform API in a process of its own (so its work does not count against the server or
// the load generator): answers every POST as WeCom / DingTalk do ({errcode:0}, OpenAPI token and
// sends), counts requests per path, and for robot pushes (WeCom webhook `key`, DingTalk robot
// `access_token`) keeps each robot's push times to check the 20-per-minute limit.
//   node --import tsx test/bench/fake.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maxInWindow, type ChildMessage, type FakeCounts, type ParentMessage, type RobotLoad } from './ipc.js';

let total = 0;
let byPath = new Map<string, number>();
let robots = new Map<string, number[]>();

function robotOf(url: URL): string | undefined {
  if (url.pathname === '/cgi-bin/webhook/send') return `wecom:${url.searchParams.get('key') ?? ''}`;
  if (url.pathname === '/robot/send') return `dingtalk:${url.searchParams.get('access_token') ?? ''}`;
  return undefined;
}

function answer(path: string): unknown {
  if (path === '/v1.0/oauth2/accessToken') return { accessToken: 'fake-access-token', expireIn: 7200 };
  if (path.startsWith('/v1.0/robot/')) return { processQueryKey: 'pqk' };
  return { errcode: 0, errmsg: 'ok' };
}

function robotLoad(): RobotLoad {
  let maxPerMinute = 0;
  let minPushes = Number.POSITIVE_INFINITY;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const times of robots.values()) {
    maxPerMinute = Math.max(maxPerMinute, maxInWindow(times, 60_000));
    minPushes = Math.min(minPushes, times.length);
    first = Math.min(first, times[0] ?? first);
    last = Math.max(last, times[times.length - 1] ?? last);
  }
  return {
    robots: robots.size,
    maxPerMinute,
    minPushes: robots.size === 0 ? 0 : minPushes,
    first: robots.size === 0 ? 0 : first,
    last,
  };
}

function counts(): FakeCounts {
  return { total, byPath: Object.fromEntries(byPath), robots: robotLoad() };
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  req.resume();
  req.on('end', () => {
    total += 1;
    byPath.set(url.pathname, (byPath.get(url.pathname) ?? 0) + 1);
    const robot = robotOf(url);
    if (robot !== undefined) {
      const times = robots.get(robot) ?? [];
      times.push(Date.now());
      robots.set(robot, times);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer(url.pathname)));
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', port } satisfies ChildMessage);
});

process.on('message', (raw: unknown) => {
  const message = raw as ParentMessage;
  if (message.type === 'counts') process.send?.({ type: 'counts', counts: counts() } satisfies ChildMessage);
  if (message.type === 'reset') {
    total = 0;
    byPath = new Map();
    robots = new Map();
    process.send?.({ type: 'counts', counts: counts() } satisfies ChildMessage);
  }
  if (message.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
