// Reads the arguments of “推送”: nothing (show), 测试, 关闭, 开启, or an address / bare key with an
// optional DingTalk signing secret. Only the key or token is kept: requests always go to our
// configured API base, whatever host the pasted URL names.
import { wecomWebhookUrl } from '../platforms/wecom/webhook.js';
import type { PushChannel } from '../store/types.js';
import type { Platform } from '../core.js';

export type PushArgs =
  | { kind: 'show' }
  | { kind: 'test' }
  | { kind: 'close' }
  | { kind: 'open' }
  | { kind: 'set'; channel: PushChannel }
  | { kind: 'invalid'; problem: string };

const WECOM_KEY = /^[A-Za-z0-9_-]{8,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DINGTALK_TOKEN = /^[A-Za-z0-9]{16,128}$/;
const DINGTALK_SECRET = /^SEC[A-Za-z0-9]{16,128}$/;

const WORDS: Record<string, 'test' | 'close' | 'open'> = {
  测试: 'test',
  test: 'test',
  关闭: 'close',
  停用: 'close',
  删除: 'close',
  off: 'close',
  开启: 'open',
  启用: 'open',
  on: 'open',
};

export function parsePushArgs(args: string, platform: Platform, wecomApiBase: string): PushArgs {
  const words = args.split(/[\s\u3000]+/u).filter(Boolean);
  const [first, second, ...rest] = words;
  if (first === undefined) return { kind: 'show' };
  const word = WORDS[first.toLowerCase()];
  if (word && second === undefined) return { kind: word };
  if (rest.length > 0) return invalid('参数太多：只需要机器人地址，钉钉加签机器人再加一个 SEC 开头的密钥。');
  if (second !== undefined && !DINGTALK_SECRET.test(second)) return invalid('第二个参数应是钉钉机器人的加签密钥（SEC 开头）。');
  if (DINGTALK_SECRET.test(first)) return invalid('请先写机器人地址（或 access_token），再写 SEC 开头的密钥。');

  if (/^https?:\/\//i.test(first)) return fromUrl(first, second, platform, wecomApiBase);
  return fromBare(first, second, platform, wecomApiBase);
}

function invalid(problem: string): PushArgs {
  return { kind: 'invalid', problem };
}

function fromUrl(text: string, secret: string | undefined, platform: Platform, wecomApiBase: string): PushArgs {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid('这不是一个完整的网址。');
  }
  if (url.pathname.endsWith('/cgi-bin/webhook/send')) {
    const keys = url.searchParams.getAll('key');
    const key = keys.length === 1 ? keys[0] : undefined;
    if (!key || !WECOM_KEY.test(key)) return invalid('企业微信机器人地址里没有有效的 key。');
    return wecom(key, secret, platform, wecomApiBase);
  }
  if (url.pathname.endsWith('/robot/send')) {
    const tokens = url.searchParams.getAll('access_token');
    const token = tokens.length === 1 ? tokens[0] : undefined;
    if (!token || !DINGTALK_TOKEN.test(token)) return invalid('钉钉机器人地址里没有有效的 access_token。');
    return dingtalk(token, secret, platform);
  }
  return invalid('无法识别这个地址：企业微信应是 …/cgi-bin/webhook/send?key=…，钉钉应是 …/robot/send?access_token=…。');
}

function fromBare(value: string, secret: string | undefined, platform: Platform, wecomApiBase: string): PushArgs {
  // A bare value is read by the group's platform; in the console by its shape.
  const asWecom = platform === 'wecom' || (platform === 'console' && secret === undefined && UUID.test(value));
  if (asWecom) {
    if (!WECOM_KEY.test(value)) return invalid('企业微信机器人 key 只含字母、数字和“-”，请粘贴完整的 webhook 地址。');
    return wecom(value, secret, platform, wecomApiBase);
  }
  if (!DINGTALK_TOKEN.test(value)) return invalid('无法识别：请粘贴机器人的完整 webhook 地址。');
  return dingtalk(value, secret, platform);
}

function wecom(key: string, secret: string | undefined, platform: Platform, wecomApiBase: string): PushArgs {
  if (platform === 'dingtalk') return invalid('本群是钉钉群，请使用钉钉自定义机器人的地址。');
  if (secret !== undefined) return invalid('企业微信群机器人不需要密钥，只发地址即可。');
  return { kind: 'set', channel: { kind: 'wecom-webhook', url: wecomWebhookUrl(wecomApiBase, key) } };
}

function dingtalk(accessToken: string, secret: string | undefined, platform: Platform): PushArgs {
  if (platform === 'wecom') return invalid('本群是企业微信群，请使用企业微信群机器人的 webhook 地址。');
  return { kind: 'set', channel: { kind: 'dingtalk-robot', accessToken, ...(secret !== undefined ? { secret } : {}) } };
}
