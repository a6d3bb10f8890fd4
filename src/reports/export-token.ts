// Export links carry an expiring HMAC-signed token: no token, a bad one or an old one gets nothing.
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../safe-equal.js';

export class ExportTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlMs: number,
  ) {}

  issue(now: Date): string {
    const payload = `${Math.floor((now.getTime() + this.ttlMs) / 1000)}.${randomBytes(9).toString('base64url')}`;
    return `${Buffer.from(payload).toString('base64url')}.${this.sign(payload)}`;
  }

  /** True when the token was signed with our secret and has not expired. */
  verify(token: string, now: Date): boolean {
    const [encoded, signature, ...rest] = token.split('.');
    if (!encoded || !signature || rest.length > 0) return false;
    const payload = Buffer.from(encoded, 'base64url').toString('utf8');
    if (!safeEqual(this.sign(payload), signature)) return false;
    const expires = Number(payload.split('.')[0]);
    return Number.isFinite(expires) && expires * 1000 > now.getTime();
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`export.v1.${payload}`).digest('base64url');
  }
}
