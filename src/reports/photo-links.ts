// Signed, expiring links to one photo: /files/<sha256>.jpg?sig=<token>. The token names who may
// look (the committee, or one branch), which report the photo belongs to, and when it expires;
// it is HMAC-signed with the export secret (domain-separated), so rotating EXPORT_SECRET revokes
// photo links with every other link.
import { randomBytes } from 'node:crypto';
import { openToken, sealToken } from '../signed-token.js';
import type { DashboardScope } from '../dashboard/links.js';

export interface PhotoTarget {
  branch: string;
  reportId: number;
  file: string;
}

export type PhotoLinkCheck = { ok: true; scope: DashboardScope; target: PhotoTarget; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

interface Payload {
  s: 'c' | 'b';
  sb?: string;
  b: string;
  r: number;
  e: number;
  n: string;
}

export class PhotoLinks {
  constructor(
    private readonly secret: string,
    readonly ttlMs: number,
    private readonly baseUrl: string,
  ) {}

  /** The path and query (for pages on this server: <img src>). */
  path(scope: DashboardScope, target: PhotoTarget, now: Date, ttlMs = this.ttlMs): string {
    const payload: Payload = {
      s: scope.kind === 'committee' ? 'c' : 'b',
      ...(scope.kind === 'branch' ? { sb: scope.branch } : {}),
      b: target.branch,
      r: target.reportId,
      e: Math.floor((now.getTime() + ttlMs) / 1000),
      n: randomBytes(4).toString('base64url'),
    };
    return `/files/${target.file}?sig=${sealToken(this.secret, domain(target.file), payload)}`;
  }

  /** The full URL (workbooks, chat). */
  url(scope: DashboardScope, target: PhotoTarget, now: Date, ttlMs?: number): string {
    return `${this.baseUrl}${this.path(scope, target, now, ttlMs)}`;
  }

  check(file: string, token: string, now: Date): PhotoLinkCheck {
    const raw = openToken(this.secret, domain(file), token);
    const p = raw && parse(raw);
    if (!p) return { ok: false, reason: 'invalid' };
    const expiresAt = new Date(p.e * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    const scope: DashboardScope = p.s === 'c' ? { kind: 'committee' } : { kind: 'branch', branch: p.sb ?? '' };
    return { ok: true, scope, target: { branch: p.b, reportId: p.r, file }, expiresAt };
  }
}

/** Each token is signed for its file: a token for one photo opens no other. */
function domain(file: string): string {
  return `photo.v1.${file}`;
}

function parse(p: Record<string, unknown>): Payload | null {
  if (typeof p.e !== 'number' || typeof p.b !== 'string' || typeof p.r !== 'number' || !Number.isInteger(p.r) || typeof p.n !== 'string') return null;
  if (p.s === 'c') return { s: 'c', b: p.b, r: p.r, e: p.e, n: p.n };
  if (p.s === 'b' && typeof p.sb === 'string' && p.sb !== '') return { s: 'b', sb: p.sb, b: p.b, r: p.r, e: p.e, n: p.n };
  return null;
}
