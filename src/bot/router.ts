// Reads a message's text (mentions already stripped) as a command or, failing that, a question.
import type { CommandSpec } from './command.js';

export interface Route {
  command: CommandSpec;
  args: string;
  /** Set when the text began with '/' but named no command: the word that was typed. */
  unknown?: string;
}

const SEPARATOR = /^[\s:：,，]+/u;

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

  return {
    find: (name) => byName.get(name.replace(/^[/／]/u, '').toLowerCase()),
    route(text) {
      const body = text.trim();
      const hasSlash = /^[/／]/u.test(body);
      const unslashed = body.replace(/^[/／]\s*/u, '');
      const word = /^[^\s:：,，]+/u.exec(unslashed)?.[0] ?? '';
      const exact = byName.get(word.toLowerCase());
      if (exact) return { command: exact, args: unslashed.slice(word.length).replace(SEPARATOR, '').trim() };
      for (const { n, c } of greedy) {
        if (unslashed.toLowerCase().startsWith(n.toLowerCase())) {
          return { command: c, args: unslashed.slice(n.length).replace(SEPARATOR, '').trim() };
        }
      }
      if (hasSlash && word) return { command: fallback, args: unslashed, unknown: word };
      return { command: fallback, args: body };
    },
  };
}
