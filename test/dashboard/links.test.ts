// Dashboard links: signed, expiring, scoped; a new secret revokes them; export tokens do not pass.
import { describe, expect, it } from 'vitest';
import { DashboardLinks } from '../../src/dashboard/links.js';
import { ExportTokens } from '../../src/reports/export-token.js';
import { escapeHtml, html } from '../../src/dashboard/html.js';

const SECRET = 'dashboard-secret-0123456789';
const now = new Date('2026-11-05T02:00:00Z');
const later = (ms: number): Date => new Date(now.getTime() + ms);

describe('dashboard links', () => {
  const links = new DashboardLinks(SECRET, 60_000);

  it('carry their scope until they expire', () => {
    const committee = links.issue({ kind: 'committee' }, now);
    const branch = links.issue({ kind: 'branch', branch: '省化学会党支部' }, now);
    expect(links.check(committee, later(59_000))).toMatchObject({ ok: true, scope: { kind: 'committee' } });
    expect(links.check(branch, later(59_000))).toMatchObject({ ok: true, scope: { kind: 'branch', branch: '省化学会党支部' } });
    expect(links.check(committee, later(60_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse tampered tokens, another secret, and export tokens', () => {
    const token = links.issue({ kind: 'branch', branch: '甲支部' }, now);
    const [payload = '', signature = ''] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ s: 'c', e: 9_999_999_999, n: 'x' })).toString('base64url');
    expect(links.check(`${forged}.${signature}`, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.check(`${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`, now).ok).toBe(false);
    expect(links.check(payload, now).ok).toBe(false);
    expect(links.check('', now).ok).toBe(false);
    expect(new DashboardLinks('another-secret-0123456789', 60_000).check(token, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.check(new ExportTokens(SECRET, 60_000).issue(now), now)).toEqual({ ok: false, reason: 'invalid' });
    expect(new ExportTokens(SECRET, 60_000).verify(token, now)).toBe(false);
  });
});

describe('html templates', () => {
  it('escape every interpolated value and keep nested templates', () => {
    const name = '<script>alert(1)</script>"onerror=alert(1)\'`&';
    expect(escapeHtml(name)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&quot;onerror=alert(1)&#39;&#96;&amp;');
    const out = html`<a title="${name}">${[html`<b>${name}</b>`, 3, null, false]}</a>`.value;
    expect(out).toBe(`<a title="${escapeHtml(name)}"><b>${escapeHtml(name)}</b>3</a>`);
    expect(out).not.toMatch(/<script|"onerror/u);
  });
});
