// General text helpers for our replies, used by every layer (imports nothing): calendar dates in
// Chinese, the markdown pieces of a quote with its citation, a short excerpt, and the escape that
// keeps user text from acting as markup.

/** 2026-11-05 → 11月5日 */
export function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** 2026-11-05 → 2026年11月5日 */
export function fullDate(date: string): string {
  return `${date.slice(0, 4)}年${monthDay(date)}`;
}

export function cite(citation: string): string {
  return `【${citation}】`;
}

/** Quotes a (possibly multi-line) verbatim text as a markdown block quote. */
export function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** The first `chars` characters of a text, with … when it is longer (pointers, list lines). */
export function excerpt(text: string, chars = 18): string {
  const list = [...text];
  return list.length <= chars ? text : `${list.slice(0, chars).join('')}…`;
}

/** Every run of white space (line breaks included) as one space: user text in a one-line list entry. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ');
}

// The markdown escape. User text (report texts, names, command arguments) shown inside a markdown
// reply or push: both platforms' markdown would otherwise obey it: WeCom `<@all>` / `<@userid>`
// mentions and `<font>`, DingTalk `![](url)` images (tracking pixels), and on both `[text](url)`
// links, headings, bold. Every markup character of either dialect becomes its full-width twin, which
// both render as plain text, so one escape serves both platforms and the console; the stored text is
// unchanged.
const TWINS: Readonly<Record<string, string>> = {
  '\\': '＼',
  '`': '｀',
  '*': '＊',
  _: '＿',
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '#': '＃',
  '!': '！',
  '|': '｜',
  '~': '～',
  '@': '＠',
  '&': '＆',
};

const MARKUP = /[\\`*_[\]<>#!|~@&]/gu;

/** `text` safe to put inside our markdown: no markup, no mention, no link; one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/gu, ' ')
    .replace(MARKUP, (c) => TWINS[c] ?? c)
    // Bare addresses are turned into links by both clients.
    .replace(/:\/\//gu, '：//');
}
