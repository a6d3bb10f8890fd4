// Platforms deliver the @mention of the bot inside the text ("@党建助手 第7条"); strip every
// @name token so that commands and questions are read without it.
const MENTION = /(^|[\s\u00a0\u2005])[@＠][^\s\u00a0\u2005]*/gu;

export function stripMentions(text: string): string {
  return text.replace(MENTION, ' ').replace(/[\s\u00a0\u2005]+/gu, ' ').trim();
}
