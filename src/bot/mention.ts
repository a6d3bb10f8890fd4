// Platforms deliver the @mention of the bot inside the text ("@党建助手 第7条"). Only the bot's own
// mention is removed: other @names are part of what was said (上报 昨天与 @张三 @李四 一起走基层
// keeps both names). The bot's mention is known by its name anywhere in the text; a bot renamed
// in the group console is still recognised when its mention comes first, where clients put it.
const SPACE = '\\s\\u00a0\\u2005';
const TOKEN = new RegExp(`(^|[${SPACE}])[@＠]([^${SPACE}]*)`, 'gu');
const LEADING = new RegExp(`^[${SPACE}]*[@＠][^${SPACE}]*`, 'u');

/** The names the bot answers to (its display name in both platforms' group consoles). */
export const BOT_NAMES: readonly string[] = ['党建助手'];

export function stripMentions(text: string, botNames: readonly string[] = BOT_NAMES): string {
  let found = false;
  const stripped = text.replace(TOKEN, (token: string, lead: string, name: string) => {
    const own = botNames.find((n) => name.startsWith(n));
    if (own === undefined) return token;
    found = true;
    // "@党建助手第7条" (no space after the name) keeps 第7条.
    return `${lead} ${name.slice(own.length)}`;
  });
  const result = found ? stripped : stripped.replace(LEADING, ' ');
  return result.replace(new RegExp(`[${SPACE}]+`, 'gu'), ' ').trim();
}
