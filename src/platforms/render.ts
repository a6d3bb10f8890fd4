// Fitting replies into the platforms' byte limits. Limits are in UTF-8 bytes (a Chinese character
// is 3 bytes). Long answers are split at line boundaries into ordered parts "（1/3）"; a single
// over-long line is cut between characters (code points), never inside one.

export const LIMITS = {
  /** WeCom group robot markdown `content`. */
  wecomMarkdown: 4096,
  /** WeCom AI bot stream `content` (cumulative). */
  wecomStream: 20480,
  /** DingTalk robot / sessionWebhook request body. */
  dingtalkBody: 20000,
  /** DingTalk OpenAPI `msgParam` (a JSON string). */
  dingtalkMsgParam: 15000,
} as const;

export type Measure = (text: string) => number;

export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');

/** Bytes a string takes inside a JSON string literal (escapes included, quotes excluded). */
export const jsonStringBytes: Measure = (text) => Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;

/** The longest label we reserve room for. */
const LABEL_RESERVE = '\n\n（999/999）';

export function partLabel(index: number, total: number): string {
  return `\n\n（${index}/${total}）`;
}

/**
 * Splits text into pieces of at most `maxBytes` (by `measure`, which must be additive over
 * concatenation, as UTF-8 and JSON escaping are). Prefers line boundaries; cuts an over-long line
 * between code points. Pieces are trimmed of surrounding blank lines; empty pieces are dropped.
 */
export function splitText(text: string, maxBytes: number, measure: Measure = utf8Bytes): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes too small');
  const parts: string[] = [];
  let current = '';
  let currentBytes = 0;
  const flush = (): void => {
    const trimmed = trimBlankLines(current);
    if (trimmed !== '') parts.push(trimmed);
    current = '';
    currentBytes = 0;
  };
  const newlineBytes = measure('\n');
  for (const line of text.split('\n')) {
    const lineBytes = measure(line);
    const joinBytes = current === '' ? 0 : newlineBytes;
    if (currentBytes + joinBytes + lineBytes <= maxBytes) {
      current = current === '' ? line : `${current}\n${line}`;
      currentBytes += joinBytes + lineBytes;
      continue;
    }
    if (lineBytes <= maxBytes) {
      flush();
      current = line;
      currentBytes = lineBytes;
      continue;
    }
    // A single line longer than a whole part: fill the current part, then cut between code points.
    if (current !== '' && currentBytes + newlineBytes < maxBytes) {
      current += '\n';
      currentBytes += newlineBytes;
    } else {
      flush();
    }
    for (const char of line) {
      const charBytes = measure(char);
      if (currentBytes + charBytes > maxBytes) flush();
      current += char;
      currentBytes += charBytes;
    }
  }
  flush();
  return parts;
}

function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/u, '').replace(/(?:\n[ \t]*)+$/u, '');
}

export interface PaginateOptions {
  maxBytes: number;
  /** Put before the first part (e.g. a mention); counted against its limit. */
  head?: string;
  measure?: Measure;
}

/**
 * Renders text as one message, or as ordered parts each ending in "（i/n）", every part (with the
 * head on the first) within `maxBytes`.
 */
export function paginate(text: string, options: PaginateOptions): string[] {
  const measure = options.measure ?? utf8Bytes;
  const head = options.head ?? '';
  const whole = head + text;
  if (measure(whole) <= options.maxBytes) return [whole];
  const budget = options.maxBytes - measure(head) - measure(LABEL_RESERVE);
  const pieces = splitText(text, budget, measure);
  return pieces.map((piece, i) => `${i === 0 ? head : ''}${piece}${partLabel(i + 1, pieces.length)}`);
}

export const TRUNCATION_NOTE = '\n\n……（内容过长，已截断。请缩小问题范围后再问。）';

/** Cuts text to `maxBytes` (between code points, preferring a line end) and appends a note. */
export function truncateText(text: string, maxBytes: number, measure: Measure = utf8Bytes): string {
  if (measure(text) <= maxBytes) return text;
  const budget = maxBytes - measure(TRUNCATION_NOTE);
  const first = splitText(text, budget, measure)[0] ?? '';
  return first + TRUNCATION_NOTE;
}
