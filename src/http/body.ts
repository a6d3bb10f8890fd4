// Reads a request body as UTF-8 text with a hard size limit. Platforms decode it themselves:
// WeCom sends JSON or XML on one route, so a generic body parser would guess wrong.
import type { Context } from 'koa';

export const BODY_LIMIT_BYTES = 256 * 1024;

export class ClientError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 405 | 408 | 413 | 415 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** Default body-read deadline; the server sets ctx.state.bodyTimeoutMs from BODY_TIMEOUT_MS. */
export const BODY_TIMEOUT_MS = 10_000;

/**
 * The body, or 408 when it has not all arrived within the deadline (counted from the request's
 * start): a client dribbling a few bytes a second must not hold a connection open for minutes.
 */
export async function readText(ctx: Context, limit = BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > limit) throw new ClientError(413, 'body too large');
  const timeoutMs = typeof ctx.state.bodyTimeoutMs === 'number' ? ctx.state.bodyTimeoutMs : BODY_TIMEOUT_MS;
  const startedAt = typeof ctx.state.startedAt === 'number' ? ctx.state.startedAt : Date.now();
  const bytes = await readBody(ctx, limit, Math.max(0, startedAt + timeoutMs - Date.now()));
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return text.decode(bytes);
  } catch {
    throw new ClientError(400, 'body is not valid UTF-8');
  }
}

function readBody(ctx: Context, limit: number, remainingMs: number): Promise<Buffer> {
  const req = ctx.req;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err: Error | undefined, body?: Buffer): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (err) {
        // Stop reading what is left; the error handler answers and closes the connection.
        req.pause();
        reject(err);
      } else resolve(body ?? Buffer.alloc(0));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish(new ClientError(413, 'body too large'));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined, Buffer.concat(chunks));
    const onError = (err: Error): void => finish(new ClientError(400, `body not read: ${err.message.slice(0, 80)}`));
    const onAborted = (): void => finish(new ClientError(400, 'request aborted'));
    const timer = setTimeout(() => finish(new ClientError(408, 'request body not received in time')), remainingMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
