// Dashboard links: the token is the credential. It is HMAC-signed with the same secret as the
// export links (rotating that secret revokes every link), expires, and names its scope: the
// committee (every branch) or one branch.
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../safe-equal.js';

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
    const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${encoded}.${this.sign(encoded)}`;
  }

  check(token: string, now: Date): LinkCheck {
    if (token.length > 2048) return { ok: false, reason: 'invalid' };
    const [encoded, signature, ...rest] = token.split('.');
    if (!encoded || !signature || rest.length > 0) return { ok: false, reason: 'invalid' };
    if (!safeEqual(this.sign(encoded), signature)) return { ok: false, reason: 'invalid' };
    const payload = parsePayload(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (!payload) return { ok: false, reason: 'invalid' };
    const expiresAt = new Date(payload.e * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    const scope: DashboardScope = payload.s === 'c' ? { kind: 'committee' } : { kind: 'branch', branch: payload.b ?? '' };
    return { ok: true, scope, expiresAt };
  }

  private sign(encoded: string): string {
    // Domain-separated from the export tokens that share the secret.
    return createHmac('sha256', this.secret).update(`dashboard.v1.${encoded}`).digest('base64url');
  }
}

function parsePayload(text: string): Payload | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const p = raw as Record<string, unknown>;
  if (typeof p.e !== 'number' || !Number.isFinite(p.e) || typeof p.n !== 'string') return null;
  if (p.s === 'c') return { s: 'c', e: p.e, n: p.n };
  if (p.s === 'b' && typeof p.b === 'string' && p.b !== '') return { s: 'b', b: p.b, e: p.e, n: p.n };
  return null;
}
