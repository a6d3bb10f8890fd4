// Downloads of media the platforms link to (WeCom image URLs, DingTalk download URLs): one GET
// with a timeout, a byte cap enforced while reading (a huge body is cut off, never buffered) and
// a few redirects at most. Never throws; logs nothing (the URLs carry credentials).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { settleOnce } from './http.js';
import type { FetchedFile } from '../core.js';

export interface DownloadOptions {
  maxBytes: number;
  /** Whole exchange, per attempt (default 15 s: photos are larger than chat messages). */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Which URLs may be fetched (after redirects too). */
  allowed: (url: URL) => boolean;
}

export type Download = { ok: true; bytes: Buffer } | { ok: false; reason: 'expired' | 'too-large' | 'failed'; status?: number };

const MAX_REDIRECTS = 3;

export async function downloadBytes(url: string, options: DownloadOptions): Promise<Download> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    let target: URL;
    try {
      target = new URL(current);
    } catch {
      return { ok: false, reason: 'failed' };
    }
    if ((target.protocol !== 'https:' && target.protocol !== 'http:') || !options.allowed(target)) return { ok: false, reason: 'failed' };
    const result = await getOnce(target, options);
    if (result.kind === 'redirect') {
      current = new URL(result.location, target).toString();
      continue;
    }
    return result.download;
  }
  return { ok: false, reason: 'failed' };
}

type Once = { kind: 'redirect'; location: string } | { kind: 'done'; download: Download };

function getOnce(target: URL, options: DownloadOptions): Promise<Once> {
  return new Promise((resolve) => {
    const done = settleOnce(resolve, () => clearTimeout(timer));
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method: 'GET', headers: options.headers ?? {} }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && typeof location === 'string') {
        res.resume();
        done({ kind: 'redirect', location });
        return;
      }
      if (status !== 200) {
        res.resume();
        // A media link past its lifetime answers 403/404/410 (WeCom, OSS/COS signed URLs).
        const expired = status === 403 || status === 404 || status === 410;
        done({ kind: 'done', download: { ok: false, reason: expired ? 'expired' : 'failed', status } });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        req.destroy();
        done({ kind: 'done', download: { ok: false, reason: 'too-large' } });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          req.destroy();
          done({ kind: 'done', download: { ok: false, reason: 'too-large' } });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => done({ kind: 'done', download: { ok: true, bytes: Buffer.concat(chunks) } }));
      res.on('error', () => done({ kind: 'done', download: { ok: false, reason: 'failed' } }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ kind: 'done', download: { ok: false, reason: 'failed' } });
    }, options.timeoutMs ?? 15_000);
    req.on('error', () => done({ kind: 'done', download: { ok: false, reason: 'failed' } }));
    req.end();
  });
}

/** Download → FetchedFile (the shape handlers see). */
export function asFetched(d: Download): FetchedFile {
  return d.ok ? { ok: true, bytes: d.bytes } : { ok: false, reason: d.reason };
}

/**
 * A host allow-list: `host` or `host:port` entries, `*.suffix` for subdomains. An empty list
 * allows any https URL (the URL came inside a verified platform message).
 */
export function hostAllowList(entries: readonly string[]): (url: URL) => boolean {
  const list = entries.map((e) => e.trim().toLowerCase()).filter(Boolean);
  return (url) => {
    if (list.length === 0) return url.protocol === 'https:';
    const host = url.hostname.toLowerCase();
    return list.some((e) => (e.startsWith('*.') ? host.endsWith(e.slice(1)) : e === host || e === url.host.toLowerCase()));
  };
}
