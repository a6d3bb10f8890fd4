// jieba's data files, read straight from the @node-rs/jieba package with fs (importing
// '@node-rs/jieba/dict.js' would keep both files, ~11 MB, in Buffers for the life of the process):
// - the segmentation dictionary (dict.txt, 349k words), handed to Jieba.withDict() and dropped;
// - the corpus IDF table (idf.txt, 270k words), reduced to the ~8,800 words whose IDF is below a
//   cap (see generalIdf in segment.ts). It is scanned as bytes, decoding only the words it keeps;
// - from dict.txt, the frequent words that table leaves out (认证: IDF 8.5, frequency 1170), so that
//   spelling repair can tell a rare real word from a typo (书纪: frequency 2).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const NL = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** A file of the @node-rs/jieba package (dict.txt, idf.txt), read fresh. */
export function jiebaPackageFile(name: 'dict.txt' | 'idf.txt'): Buffer {
  const pkg = createRequire(import.meta.url).resolve('@node-rs/jieba/package.json');
  return readFileSync(join(dirname(pkg), name));
}

/** Calls `line(start, end)` for every non-empty line of `buf` (end excludes the newline). */
function eachLine(buf: Buffer, line: (start: number, end: number) => void): void {
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NL, start);
    if (end < 0) end = buf.length;
    let e = end;
    if (e > start && buf[e - 1] === 0x0d) e--;
    if (e > start) line(start, e);
    start = end + 1;
  }
}

/** The end of the whitespace-free field starting at `from`. */
function fieldEnd(buf: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && buf[i] !== SPACE && buf[i] !== TAB) i++;
  return i;
}

/**
 * Calls `entry(start, wordEnd, value)` for every line "word value …" of `buf` (idf.txt, dict.txt):
 * the word's byte range and its first number, parsed from bytes (NaN when there is none).
 */
function eachEntry(buf: Buffer, entry: (start: number, wordEnd: number, value: number) => void): void {
  eachLine(buf, (start, end) => {
    const wEnd = fieldEnd(buf, start, end);
    let vStart = wEnd;
    while (vStart < end && (buf[vStart] === SPACE || buf[vStart] === TAB)) vStart++;
    entry(start, wEnd, parseDecimal(buf, vStart, fieldEnd(buf, vStart, end)));
  });
}

/**
 * A decimal such as 13.900677652, parsed from bytes. With at most 15 digits the integer of its
 * digits and the power of ten are exact doubles, so their quotient is the correctly rounded value,
 * the same double Number() (and Rust's f64 parser) gives. Other forms go through Number().
 */
function parseDecimal(buf: Buffer, from: number, to: number): number {
  let digits = 0;
  let n = 0;
  let scale = 1;
  let dot = false;
  for (let i = from; i < to; i++) {
    const c = buf[i] ?? 0;
    if (c === 0x2e && !dot) {
      dot = true;
      continue;
    }
    const d = c - 0x30;
    if (d < 0 || d > 9 || ++digits > 15) return Number(buf.toString('latin1', from, to));
    n = n * 10 + d;
    if (dot) scale *= 10;
  }
  return digits === 0 ? Number.NaN : n / scale;
}

/**
 * The entries of jieba's idf.txt whose IDF is below `cap`. Only those words are decoded. (idf.txt
 * lists every word once; test/knowledge/engine.test.ts checks it, and the table against TfIdf.)
 */
export function idfBelow(cap: number): Map<string, number> {
  const src = jiebaPackageFile('idf.txt');
  const below = new Map<string, number>();
  eachEntry(src, (start, wEnd, value) => {
    if (wEnd === start || Number.isNaN(value)) return;
    if (value < cap) below.set(src.toString('utf8', start, wEnd), value);
  });
  return below;
}

/**
 * The words of jieba's dict.txt (lines "word freq tag") of at least two characters with a frequency
 * of at least `minFreq` that `keep` accepts. Only those words are decoded.
 */
export function frequentWords(dict: Buffer, minFreq: number, keep: (word: string) => boolean): Set<string> {
  const out = new Set<string>();
  eachEntry(dict, (start, wEnd, freq) => {
    // A Han character is three bytes in UTF-8: two characters are at least six.
    if (wEnd - start < 6 || !(freq >= minFreq)) return;
    const word = dict.toString('utf8', start, wEnd);
    if ([...word].length >= 2 && keep(word)) out.add(word);
  });
  return out;
}
