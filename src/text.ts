// User text (report texts, names, command arguments) shown inside a markdown reply or push. Both
// platforms' markdown would otherwise obey it: WeCom `<@all>` / `<@userid>` mentions and `<font>`,
// DingTalk `![](url)` images (tracking pixels), and on both `[text](url)` links, headings, bold.
// Every markup character of either dialect becomes its full-width twin, which both render as
// plain text, so one escape serves both platforms and the console; the stored text is unchanged.
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
