// Reads a message's text (mentions already stripped) as a command or, failing that, a question.
import { plainText } from '../knowledge/plain.js';
import type { CommandSpec } from './command.js';
import { closest } from './suggest.js';

export interface Route {
  command: CommandSpec;
  args: string;
  /**
   * Set when the text named no command but looks like one: it began with '/', or it is one word
   * (with at most an argument) a character away from a command name (撤肖 3). The word typed.
   */
  unknown?: string;
}

const SEPARATOR = /^[\s:：,，]+/u;
/** Punctuation a command word may carry (进度？, 帮助！). */
const TRAILING_PUNCTUATION = /[?？!！。.~～…]+$/u;
/** Polite or verb prefixes before a command name: 查进度, 看看记录, 我要上报, 请帮我导出. */
const COMMAND_PREFIX = /^(?:请|麻烦|帮我|给我|我要|我想|我想要|查查|查一下|查下|查看|查|看看|看一下|看下|打开)+/u;
/** A near-miss command is only a word of this many characters or fewer, with at most one argument. */
const NEAR_MISS_MAX_CHARS = 4;

export interface Router {
  route(text: string): Route;
  find(name: string): CommandSpec | undefined;
}

/**
 * Commands match by their first word (name or alias, any case, optional leading '/').
 * A greedy command also matches when its arguments follow the name without a space (上报昨天…);
 * everything else goes to the fallback, so "阶段性工作" is a question, not the 阶段 command.
 */
export function createRouter(commands: readonly CommandSpec[], fallback: CommandSpec): Router {
  const byName = new Map<string, CommandSpec>();
  for (const command of commands) {
    for (const name of [command.name, ...command.aliases]) {
      const key = name.toLowerCase();
      if (byName.has(key)) throw new Error(`command name "${name}" is declared twice`);
      byName.set(key, command);
    }
  }
  const greedy = commands.filter((c) => c.greedy).flatMap((c) => [c.name, ...c.aliases].map((n) => ({ n, c })));
  const visibleNames = commands.filter((c) => !c.hidden).flatMap((c) => [c.name, ...c.aliases]).filter((n) => [...n].length >= 2);

  function match(unslashed: string): Route | undefined {
    const raw = /^[^\s:：,，]+/u.exec(unslashed)?.[0] ?? '';
    // Full-width letters and punctuation read as half-width (ｈｅｌｐ, 进度？), traditional characters as
    // simplified (幫助, 進度); the arguments stay as typed.
    const halfWidth = raw.normalize('NFKC');
    const plain = plainText(halfWidth) || halfWidth;
    const word = plain.replace(TRAILING_PUNCTUATION, '') || plain; // "?" is itself a name (帮助)
    const exact = byName.get(word.toLowerCase()) ?? byName.get(raw.toLowerCase());
    if (exact) {
      return { command: exact, args: unslashed.slice(raw.length).replace(SEPARATOR, '').trim() };
    }
    for (const { n, c } of greedy) {
      if (unslashed.toLowerCase().startsWith(n.toLowerCase())) {
        return { command: c, args: unslashed.slice(n.length).replace(SEPARATOR, '').trim() };
      }
    }
    return undefined;
  }

  /** One short word, maybe with one argument, a character away from a command name. */
  function isNearMiss(unslashed: string, word: string): boolean {
    const parts = unslashed.split(/\s+/u);
    if (parts.length > 2 || [...word].length < 2 || [...word].length > NEAR_MISS_MAX_CHARS) return false;
    return closest(word, visibleNames, 1).length > 0;
  }

  return {
    find: (name) => byName.get(name.normalize('NFKC').replace(/^[/／]/u, '').toLowerCase()),
    route(text) {
      const body = text.trim();
      const hasSlash = /^[/／]/u.test(body);
      const unslashed = body.replace(/^[/／]\s*/u, '');
      const found = match(unslashed) ?? match(unslashed.replace(COMMAND_PREFIX, ''));
      if (found) return found;
      const word = (/^[^\s:：,，]+/u.exec(unslashed)?.[0] ?? '').normalize('NFKC').replace(TRAILING_PUNCTUATION, '');
      if (hasSlash && word) return { command: fallback, args: unslashed, unknown: word };
      if (isNearMiss(unslashed, word)) return { command: fallback, args: body, unknown: word };
      return { command: fallback, args: body };
    },
  };
}

/**
 * "@党建助手撤销 8": a command name typed right after the mention, without a space, is moved out
 * of the mention so that stripping the mention leaves "撤销 8". Names shorter than two characters
 * are left alone (a person's name may end with one). Made once per bot: the names are sorted
 * longest first here, not per message.
 */
export function mentionSeparator(names: readonly string[]): (text: string) => string {
  const sorted = names
    .filter((n) => [...n].length >= 2)
    .sort((a, b) => b.length - a.length)
    .map((n) => n.toLowerCase());
  return (text) => {
    if (!/[@＠]/u.test(text)) return text;
    return text.replace(/([@＠][^\s\u00a0\u2005@＠]+)/gu, (token) => {
      const lower = token.toLowerCase();
      for (const n of sorted) {
        if (token.length > n.length + 1 && lower.endsWith(n)) return `${token.slice(0, token.length - n.length)} ${token.slice(token.length - n.length)}`;
      }
      return token;
    });
  };
}
