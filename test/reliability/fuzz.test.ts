// Property-based fuzzing (fast-check) of the command parser and of both webhook decoders.
//   - stripMentions and the router: total functions (never throw), mention stripping that removes only the bot,
//     every command reachable by its name whatever follows;
//   - the bot (router → handlers → report parser) on arbitrary text, in a bound group: always an
//     answer, never an exception, never "undefined"/"NaN"/"[object Object]" in the reply;
//   - the real server over HTTP: random and adversarial requests to /wecom and /dingtalk (random
//     query strings, headers and bodies, huge bodies, invalid UTF-8, XML entity tricks, deep JSON,
//     and validly signed and encrypted envelopes around garbage) never get a 5xx, the process does
//     not crash, and a good request still works afterwards.
// FUZZ_RUNS scales the number of runs (default 1 → a few seconds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decrypt } from '@wecom/crypto';
import { stripMentions } from '../../src/bot/mention.js';
import { createRouter } from '../../src/bot/router.js';
import { commands, fallback } from '../../handlers/index.js';
import { shanghaiDate, shanghaiYear } from '../../src/time.js';
import { createTestBot, groupMessage, type TestBot } from '../support/bot.js';
import { aibotCallback, aibotText, dingtalkHeaders, dingtalkText, legacyCallback, queryString, sealWecom } from '../platforms/support.js';
import { APP_SECRET, startStack, summary, type Stack } from './support.js';

const SCALE = Number(process.env.FUZZ_RUNS ?? '1');
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));

const CHAT_CHARS = [...'上报绑定撤销记录进度标准阶段帮助第条一二三七十昨天今天明天月日号人名位党员走基层支部委员会总结 @＠/／:：,，、。.\n\t\u00a0\u2005\u3000#*<>[]`0123456789'];
/** Text that looks like chat: mostly the bot's own vocabulary, punctuation and mentions, some anything. */
const chatText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CHAT_CHARS), maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.constantFrom(...commands.flatMap((c) => [c.name, ...c.aliases])), fc.string({ unit: fc.constantFrom(...CHAT_CHARS), maxLength: 40 })).map(([c, rest]) => `${c}${rest}`),
);

/** Reports close to what members write, with noise: exercises the parser's accepting paths too. */
const plausibleReport = fc
  .tuple(
    fc.constantFrom('', '昨天', '今天', '前天', '10月12日', '11/3', '2026年11月1日', '上周五', '2027年1月1日', '2月30日', '13/45', '明天'),
    fc.option(fc.nat(100_000)),
    fc.constantFrom('组织党员到企业开展走基层服务', '召开支部大会', '开展主题党日活动', '第7条', '第3、7条 学习', '第99条', '交流座谈'),
    fc.string({ unit: fc.constantFrom(...CHAT_CHARS), maxLength: 20 }),
  )
  .map(([date, n, what, noise]) => `上报 ${date}${n === null ? '' : `组织${n}名党员`}${what}${noise}`);

describe('command parser', () => {
  const router = createRouter(commands, fallback);
  const names = commands.flatMap((c) => [c.name, ...c.aliases].map((n) => ({ n, c })));

  it('stripMentions is total, removes the bot and keeps every other @name after the first token', () => {
    let checked = 0;
    fc.assert(
      fc.property(chatText, (text) => {
        const once = stripMentions(text);
        expect(once).toBe(once.trim());
        const tokens = once.split(/[\s\u00a0\u2005]+/u);
        for (const token of tokens) expect(/^[@＠]党建助手/u.test(token)).toBe(false);
        // Other people's mentions after the first word are part of the text (defect 12).
        const others = text.trim().split(/[\s\u00a0\u2005]+/u).slice(1).filter((t) => /^[@＠]/u.test(t) && !/^[@＠]党建助手/u.test(t));
        for (const token of others) expect(tokens).toContain(token);
        checked += 1;
      }),
      { numRuns: runs(3000) },
    );
    summary('fuzz stripMentions', { inputs: checked, failures: 0 });
  });

  it('routes any text to a declared command, and every command by its name', () => {
    let checked = 0;
    fc.assert(
      fc.property(chatText, fc.constantFrom(...names), fc.constantFrom('', '/', '／'), fc.constantFrom(' ', ':', '：', '，', '\t'), (text, { n, c }, slash, sep) => {
        const route = router.route(stripMentions(text));
        expect(commands).toContain(route.command);
        expect(route.args).toBe(route.args.trim());
        const args = stripMentions(text).replace(/^[\s:：,，]+/u, '');
        const named = router.route(`${slash}${n}${sep}${args}`);
        expect(named.command).toBe(c);
        expect(named.args).toBe(args.trim());
        checked += 1;
      }),
      { numRuns: runs(3000) },
    );
    summary('fuzz router', { inputs: checked, failures: 0 });
  });
});

describe('Shanghai calendar dates', () => {
  // shanghaiDate/shanghaiYear add a fixed UTC+8 (a dayjs tz() call per date was a hot spot in the
  // bench profile); the time-zone database must agree for every instant the bot can meet.
  it('agree with the tz database from 1992 to 2100', () => {
    const tz = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    let checked = 0;
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        expect(shanghaiDate(d)).toBe(tz.format(d));
        expect(shanghaiYear(d)).toBe(Number(tz.format(d).slice(0, 4)));
        checked += 1;
      }),
      { numRuns: runs(5000) },
    );
    summary('fuzz Shanghai dates vs tz database', { instants: checked, failures: 0 });
  });
});

// Property runs over the real bot and HTTP stack are heavy: their own timeouts.
describe('the bot on arbitrary text', { timeout: 60_000 }, () => {
  let tb: TestBot;
  beforeAll(async () => {
    tb = await createTestBot({ store: 'redis', env: { ADMIN_IDS: 'console:admin' } });
    const bound = await tb.bot.handle(groupMessage('绑定 模糊测试党支部', { senderId: 'admin' }));
    expect(bound.kind === 'answered' && bound.reply.markdown).toContain('已把本群绑定');
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('always answers, with a reply free of rendering accidents (commands, questions and 上报 …)', async () => {
    const outcomes = { messages: 0, recorded: 0, refusedOrUsage: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(chatText, chatText.map((t) => `上报 ${t}`), chatText.map((t) => `@党建助手 上报${t}`), plausibleReport), async (text) => {
        const outcome = await tb.bot.handle(groupMessage(text, { senderId: 'member' }));
        expect(outcome.kind).toBe('answered');
        if (outcome.kind !== 'answered') return;
        const { markdown, title } = outcome.reply;
        expect(markdown.length).toBeGreaterThan(0);
        expect(title.length).toBeGreaterThan(0);
        expect(markdown).not.toMatch(/undefined|NaN|\[object Object\]/u);
        expect(markdown).not.toContain('出错了');
        outcomes.messages += 1;
        if (outcome.command === '上报') {
          if (markdown.includes('已记录')) outcomes.recorded += 1;
          else outcomes.refusedOrUsage += 1;
        }
      }),
      { numRuns: runs(400) },
    );
    summary('fuzz bot (router, handlers, report parser)', outcomes);
  });
});

describe('webhook decoders over HTTP', { timeout: 60_000 }, () => {
  let stack: Stack;
  const statuses = new Map<number, number>();
  let requests = 0;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function send(method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array): Promise<number> {
    const res = await fetch(`${stack.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    await res.arrayBuffer();
    requests += 1;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return res.status;
  }

  const anyHeaderValue = fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).filter((v) => !/[\r\n\0]/u.test(v));
  const contentType = fc.constantFrom('application/json', 'text/json', 'text/xml', 'application/xml', 'text/plain', 'application/json; charset=utf-8', 'multipart/form-data', '', 'x/y');
  const body = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.json({ maxDepth: 6 }),
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom('{', '<', '<xml>', '{"encrypt":""}', '{"encrypt":123}', '<xml><Encrypt></Encrypt></xml>', '{"encrypt":"===="}', 'null', '[]'),
  );
  const query = fc.dictionary(
    fc.constantFrom('msg_signature', 'timestamp', 'nonce', 'echostr', 'x', 'msg_signature[]'),
    fc.oneof(fc.string({ maxLength: 60 }), fc.nat().map(String), fc.constant(String(Math.floor(Date.now() / 1000)))),
    { maxKeys: 5 },
  );

  it('random query, headers and bodies never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST /wecom', 'GET /wecom', 'POST /dingtalk', 'PUT /dingtalk', 'POST /wecom/x'),
        query,
        fc.record({ timestamp: fc.option(anyHeaderValue), sign: fc.option(anyHeaderValue), 'content-type': contentType }),
        body,
        async (route, q, headerSet, b) => {
          const [method = 'POST', path = '/'] = route.split(' ');
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(headerSet)) if (v !== null) headers[k] = v;
          const status = await send(method, `${path}?${queryString(q)}`, headers, method === 'GET' ? undefined : b);
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('validly signed DingTalk callbacks with arbitrary JSON never get a 5xx', async () => {
    const shaped = fc.record(
      {
        msgtype: fc.oneof(fc.constantFrom('text', 'picture', 'richText'), fc.string()),
        text: fc.oneof(fc.record({ content: fc.oneof(fc.string(), chatText) }), fc.jsonValue()),
        msgId: fc.oneof(fc.uuid(), fc.string(), fc.integer()),
        conversationType: fc.oneof(fc.constantFrom('1', '2', 1, 2), fc.jsonValue()),
        conversationId: fc.oneof(fc.constant('cidFuzz'), fc.string()),
        senderStaffId: fc.oneof(fc.string(), fc.jsonValue()),
        createAt: fc.oneof(fc.integer(), fc.string(), fc.double()),
        sessionWebhook: fc.oneof(fc.webUrl(), fc.string(), fc.constant('http://127.0.0.1:1/robot/x')),
        sessionWebhookExpiredTime: fc.oneof(fc.integer(), fc.string()),
        isAdmin: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(shaped.map((o) => JSON.stringify(o)), fc.json({ maxDepth: 8 })), async (b) => {
        expect(await send('POST', '/dingtalk', dingtalkHeaders(APP_SECRET), b)).toBeLessThan(500);
      }),
      { numRuns: runs(300) },
    );
  });

  it('validly signed and encrypted WeCom envelopes around arbitrary JSON and XML never get a 5xx', async () => {
    const s = stack.wecom;
    const aibotJson = fc.oneof(
      fc.json({ maxDepth: 8 }),
      fc
        .record(
          {
            msgid: fc.oneof(fc.uuid(), fc.integer(), fc.string()),
            chattype: fc.constantFrom('group', 'single', ''),
            chatid: fc.string(),
            from: fc.oneof(fc.record({ userid: fc.oneof(fc.string(), fc.jsonValue()) }), fc.jsonValue()),
            msgtype: fc.constantFrom('text', 'voice', 'mixed', 'stream', 'event', 'image', 'file'),
            text: fc.oneof(fc.record({ content: chatText }), fc.jsonValue()),
            voice: fc.record({ content: fc.string() }),
            mixed: fc.record({ msg_item: fc.array(fc.record({ msgtype: fc.constantFrom('text', 'image'), text: fc.record({ content: fc.string() }) })) }),
            stream: fc.record({ id: fc.string() }),
            event: fc.record({ eventtype: fc.constantFrom('enter_chat', 'x') }),
          },
          { requiredKeys: ['msgtype'] },
        )
        .map((o) => JSON.stringify(o)),
    );
    const legacyXml = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.tuple(fc.string(), fc.string(), fc.constantFrom('text', 'event', 'image'), fc.string()).map(
        ([chat, user, type, content]) => `<xml><ChatId>${chat}</ChatId><From><UserId>${user}</UserId></From><MsgType>${type}</MsgType><Text><Content><![CDATA[${content}]]></Content></Text><MsgId>1</MsgId></xml>`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(aibotJson.map((p) => ({ kind: 'aibot' as const, p })), legacyXml.map((p) => ({ kind: 'legacy' as const, p }))), async ({ kind, p }) => {
        if (kind === 'aibot') {
          const { encrypted, query: q } = sealWecom(s, p);
          expect(await send('POST', `/wecom?${queryString({ ...q })}`, { 'content-type': 'application/json' }, JSON.stringify({ encrypt: encrypted }))).toBeLessThan(500);
        } else {
          const cb = legacyCallback(s, p);
          expect(await send('POST', cb.path, { 'content-type': 'text/xml' }, cb.body)).toBeLessThan(500);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('adversarial inputs are refused with 4xx, and a good request still works afterwards', async () => {
    const s = stack.wecom;
    const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
    const deepObject = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Encrypt>&lol3;</Encrypt></xml>';
    const external = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>';
    const paramEntity = '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x"> %p;]><xml/>';
    const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x65, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]);
    const deepXml = `${'<a>'.repeat(5000)}x${'</a>'.repeat(5000)}`;
    const huge = (n: number, c = 'a'): string => `{"encrypt":"${c.repeat(n)}"}`;
    const q = (): string => `/wecom?${queryString({ ...sealWecom(s, 'x').query })}`;
    const dt = dingtalkHeaders(APP_SECRET);

    const cases: Array<{ name: string; method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array; expect: number[] }> = [
      { name: 'wecom huge body (300 KB)', method: 'POST', path: q(), headers: { 'content-type': 'application/json' }, body: huge(300_000), expect: [413] },
      { name: 'wecom huge body (8 MB)', method: 'POST', path: q(), headers: { 'content-type': 'application/json' }, body: huge(8_000_000), expect: [413] },
      { name: 'dingtalk huge body (8 MB), signed', method: 'POST', path: '/dingtalk', headers: dt, body: huge(8_000_000), expect: [413] },
      { name: 'dingtalk invalid UTF-8, signed', method: 'POST', path: '/dingtalk', headers: dt, body: invalidUtf8, expect: [400] },
      { name: 'wecom invalid UTF-8', method: 'POST', path: q(), headers: { 'content-type': 'application/json' }, body: invalidUtf8, expect: [400] },
      { name: 'wecom billion laughs (outer XML)', method: 'POST', path: q(), headers: { 'content-type': 'text/xml' }, body: laughs, expect: [400] },
      { name: 'wecom external entity (outer XML)', method: 'POST', path: q(), headers: { 'content-type': 'text/xml' }, body: external, expect: [400] },
      { name: 'wecom parameter entity (outer XML)', method: 'POST', path: q(), headers: { 'content-type': 'text/xml' }, body: paramEntity, expect: [400] },
      { name: 'wecom deeply nested XML', method: 'POST', path: q(), headers: { 'content-type': 'text/xml' }, body: deepXml, expect: [400] },
      { name: 'wecom deep JSON array (100k)', method: 'POST', path: q(), headers: { 'content-type': 'application/json' }, body: deep(100_000), expect: [400] },
      { name: 'dingtalk deep JSON array (100k), signed', method: 'POST', path: '/dingtalk', headers: dt, body: deep(100_000), expect: [400] },
      { name: 'dingtalk deep JSON object (40k), signed', method: 'POST', path: '/dingtalk', headers: dt, body: deepObject(40_000), expect: [400] },
      { name: 'dingtalk wrong content type, signed', method: 'POST', path: '/dingtalk', headers: { ...dt, 'content-type': 'text/xml' }, body: '<xml/>', expect: [400] },
      { name: 'dingtalk duplicate JSON keys', method: 'POST', path: '/dingtalk', headers: dt, body: '{"msgtype":"text","msgtype":"x"}', expect: [400] },
      { name: 'wecom prototype pollution JSON', method: 'POST', path: q(), headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"encrypt":"x"},"constructor":{"prototype":{"a":1}}}', expect: [400] },
    ];
    // The same tricks inside validly signed and encrypted envelopes: they reach the inner decoders.
    const sealedAibot = (plain: string): { path: string; body: string } => {
      const { encrypted, query: sq } = sealWecom(s, plain);
      return { path: `/wecom?${queryString({ ...sq })}`, body: JSON.stringify({ encrypt: encrypted }) };
    };
    for (const [name, plain] of [
      ['aibot plaintext deep JSON (80k)', deep(80_000)],
      ['aibot plaintext deep object (25k)', deepObject(25_000)],
      ['aibot plaintext __proto__', '{"__proto__":{"msgtype":"text"},"msgtype":"text","text":{"content":"x"}}'],
    ] as const) {
      const sealed = sealedAibot(plain);
      cases.push({ name, method: 'POST', path: sealed.path, headers: { 'content-type': 'application/json' }, body: sealed.body, expect: [400] });
    }
    for (const [name, plain] of [
      ['legacy plaintext billion laughs', laughs.replace('<Encrypt>&lol3;</Encrypt>', '<MsgType>&lol3;</MsgType>')],
      ['legacy plaintext external entity', external.replace('<Encrypt>&xxe;</Encrypt>', '<MsgType>text</MsgType><Text><Content>&xxe;</Content></Text>')],
      ['legacy plaintext deep XML', deepXml],
    ] as const) {
      const cb = legacyCallback(s, plain);
      cases.push({ name, method: 'POST', path: cb.path, headers: { 'content-type': 'text/xml' }, body: cb.body, expect: [400] });
    }
    const wrong: string[] = [];
    for (const c of cases) {
      let status: number | string;
      try {
        status = await send(c.method, c.path, c.headers, c.body);
      } catch (err) {
        // A body far over the limit may be cut off by the server once it has answered 413.
        status = c.expect.includes(413) ? 413 : `error ${String(err)}`;
      }
      if (typeof status !== 'number' || !c.expect.includes(status)) wrong.push(`${c.name}: expected ${c.expect.join('/')}, got ${status}`);
    }

    // Still serving: a question on each platform is answered.
    const before = stack.fake.on('/robot/sendBySession').length;
    const ok = JSON.stringify(dingtalkText({ msgId: `fuzz-ok-${Date.now()}`, content: '第7条' }));
    expect(await send('POST', '/dingtalk', dingtalkHeaders(APP_SECRET), ok)).toBe(200);
    await stack.fake.waitFor('/robot/sendBySession', before + 1);
    const ai = aibotCallback(s, aibotText({ msgid: `fuzz-ok-${Date.now()}`, userid: 'u', content: '第7条' }));
    const res = await fetch(`${stack.base}${ai.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ai.body });
    const reply = JSON.parse(await res.text()) as { encrypt: string };
    expect(decrypt(s.aesKey, reply.encrypt).message).toContain('走基层');

    const fivexx = [...statuses].filter(([st]) => st >= 500).reduce((a, [, n]) => a + n, 0);
    summary('fuzz webhook decoders (HTTP)', {
      requests,
      adversarialCases: cases.length,
      adversarialWrong: wrong.length,
      ...Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]).map(([st, n]) => [`status${st}`, n])),
      fivexx,
      stillServing: 'yes',
    });
    expect(wrong).toEqual([]);
    expect(fivexx).toBe(0);
  });
});
