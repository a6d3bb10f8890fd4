// Reads a request body as UTF-8 text with a hard size limit. Platforms decode it themselves:
// WeCom sends JSON or XML on one route, so a generic body parser would guess wrong.
import type { Context } from 'koa';

export const BODY_LIMIT_BYTES = 256 * 1024;

export class ClientError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 405 | 413 | 415 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

export async function readText(ctx: Context, limit = BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > limit) throw new ClientError(413, 'body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new ClientError(413, 'body too large');
    chunks.push(buf);
  }
  const bytes = Buffer.concat(chunks);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return text.decode(bytes);
  } catch {
    throw new ClientError(400, 'body is not valid UTF-8');
  }
}

/** Throws 400 unless the request declares one of the media types (parameters like charset ignored). */
export function requireContentType(ctx: Context, types: readonly string[]): void {
  const type = (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase();
  if (!types.includes(type)) throw new ClientError(400, `content type must be ${types.join(' or ')}`);
}
