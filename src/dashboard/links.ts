// Dashboard links: the token is the credential. It is HMAC-signed with the same secret as the
// export links (rotating that secret revokes every link), expires, and names its scope: the
// committee (every branch) or one branch.
import { randomBytes } from 'node:crypto';
import { openToken, sealToken } from '../signed-token.js';

export type DashboardScope = { kind: 'committee' } | { kind: 'branch'; branch: string };

export type LinkCheck =
  | { ok: true; scope: DashboardScope; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'expired' };

interface Payload {
  /** 'c' committee, 'b' branch */
  s: 'c' | 'b';
  b?: string;
  /** expiry, seconds since the epoch */
  e: number;
  n: string;
}

// Domain-separated from the export and photo links that share the secret.
const DOMAIN = 'dashboard.v1';

export class DashboardLinks {
  constructor(
    private readonly secret: string,
    readonly ttlMs: number,
  ) {}

  issue(scope: DashboardScope, now: Date): string {
    const payload: Payload = {
      s: scope.kind === 'committee' ? 'c' : 'b',
      ...(scope.kind === 'branch' ? { b: scope.branch } : {}),
      e: Math.floor((now.getTime() + this.ttlMs) / 1000),
      n: randomBytes(6).toString('base64url'),
    };
    return sealToken(this.secret, DOMAIN, payload);
  }

  check(token: string, now: Date): LinkCheck {
    const raw = openToken(this.secret, DOMAIN, token);
    const payload = raw && parsePayload(raw);
    if (!payload) return { ok: false, reason: 'invalid' };
    const expiresAt = new Date(payload.e * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    const scope: DashboardScope = payload.s === 'c' ? { kind: 'committee' } : { kind: 'branch', branch: payload.b ?? '' };
    return { ok: true, scope, expiresAt };
  }
}

function parsePayload(p: Record<string, unknown>): Payload | null {
  if (typeof p.e !== 'number' || !Number.isFinite(p.e) || typeof p.n !== 'string') return null;
  if (p.s === 'c') return { s: 'c', e: p.e, n: p.n };
  if (p.s === 'b' && typeof p.b === 'string' && p.b !== '') return { s: 'b', b: p.b, e: p.e, n: p.n };
  return null;
}
