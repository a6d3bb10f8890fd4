// The single message path: dedupe → route → permission → handler → Reply.
// Platforms call `handle` and deliver what it returns; they know nothing of commands.
import type { Logger } from '../log.js';
import { StoreUnavailableError } from '../store/types.js';
import { isAdminId } from '../config.js';
import { answerSeconds, messagesReceived, storeErrors } from '../metrics.js';
import { Refusal, UsageError, type CommandSpec, type HandlerContext } from './command.js';
import { MemoryClaims } from './claims.js';
import { reply, type IncomingMessage, type Reply } from './message.js';
import { escapeMarkdown } from './escape.js';
import { stripMentions } from './mention.js';
import { createRouter, type Router } from './router.js';
import type { BotServices } from './services.js';
import { closest } from './suggest.js';

export type BotOutcome =
  | { kind: 'answered'; command: string; reply: Reply }
  | { kind: 'duplicate' };

export interface Bot {
  readonly commands: readonly CommandSpec[];
  handle(message: IncomingMessage): Promise<BotOutcome>;
}

export interface BotOptions {
  services: BotServices;
  commands: readonly CommandSpec[];
  /** The free-question command used when no command matches. */
  fallback: CommandSpec;
  logger: Logger;
  now?: () => Date;
  /** How long a message id stays claimed (platforms redeliver within minutes; keep ≥ 1 day). */
  dedupeTtlSeconds?: number;
}

export const RETRY_LATER = '暂时无法记录，请稍后再试。';

export function createBot(options: BotOptions): Bot {
  const { services, commands, fallback, logger } = options;
  const now = options.now ?? (() => new Date());
  const ttl = options.dedupeTtlSeconds ?? 2 * 86_400;
  const router: Router = createRouter(commands, fallback);
  // Used only while the store is unreachable, so questions are still answered once each.
  const memoryClaims = new MemoryClaims(50_000);

  async function claim(message: IncomingMessage): Promise<boolean> {
    const key = `msg:${message.platform}:${message.messageId}`;
    try {
      return await services.store.claimOnce(key, ttl);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      storeErrors.inc();
      logger.warn({ err: err.message }, 'dedupe falls back to memory: store unavailable');
      return memoryClaims.claim(key, ttl * 1000, Date.now());
    }
  }

  async function run(command: CommandSpec, ctx: HandlerContext, args: string): Promise<Reply> {
    try {
      const denied = await checkPermission(command, ctx);
      if (denied) return denied;
      return await command.run(ctx, args);
    } catch (err) {
      if (err instanceof UsageError) return usageReply(command, err.message);
      if (err instanceof Refusal) return reply(command.name, err.message);
      if (err instanceof StoreUnavailableError) {
        storeErrors.inc();
        logger.warn({ command: command.name }, 'store unavailable');
        return reply('暂时无法记录', RETRY_LATER);
      }
      logger.error({ err, command: command.name }, 'handler failed');
      return reply('出错了', '抱歉，处理这条消息时出错了，请稍后再试。');
    }
  }

  async function checkPermission(command: CommandSpec, ctx: HandlerContext): Promise<Reply | null> {
    if (command.permission === 'admin' && !ctx.isAdmin) {
      return reply('没有权限', `“${command.name}”仅限管理员使用。请联系管理员操作。`);
    }
    if (command.permission === 'committee') {
      const binding = await ctx.store.getBinding({ platform: ctx.message.platform, conversationId: ctx.message.conversationId });
      if (binding?.target.kind !== 'committee') {
        return reply('仅限委员会群', `“${command.name}”只能在绑定为“委员会”的群里使用。`);
      }
    }
    return null;
  }

  return {
    commands,
    async handle(message) {
      const started = process.hrtime.bigint();
      const outcome = await answer(message);
      messagesReceived.inc({ platform: message.platform, outcome: outcome.kind });
      if (outcome.kind === 'answered') {
        answerSeconds.observe({ platform: message.platform }, Number(process.hrtime.bigint() - started) / 1e9);
      }
      return outcome;
    },
  };

  async function answer(message: IncomingMessage): Promise<BotOutcome> {
    if (!(await claim(message))) return { kind: 'duplicate' };
    const text = stripMentions(message.text);
    const ctx: HandlerContext = {
      ...services,
      message: { ...message, text },
      now: now(),
      isAdmin: message.senderIsAdmin === true || isAdminId(services.config, message.platform, message.senderId),
      commands,
    };
    if (text === '') return answered('帮助', greeting());
    const route = router.route(text);
    if (route.unknown !== undefined) return answered('未知命令', unknownReply(route.unknown, commands));
    return answered(route.command.name, await run(route.command, ctx, route.args));
  }
}

function answered(command: string, r: Reply): BotOutcome {
  return { kind: 'answered', command, reply: r };
}

function greeting(): Reply {
  return reply('党建助手', '您好，我是党建助手。可以直接提问“双强六好”标准，例如“第7条”“总结交给谁”；发送 **帮助** 查看全部命令。');
}

export function usageReply(command: CommandSpec, problem: string): Reply {
  return reply(command.name, `${problem}\n\n用法：${command.usage}\n\n例如：${command.example}`);
}

function unknownReply(word: string, commands: readonly CommandSpec[]): Reply {
  const names = commands.filter((c) => !c.hidden).flatMap((c) => [c.name, ...c.aliases]);
  const near = closest(word, names);
  const hint = near.length > 0 ? `您是不是想用：${near.map((n) => `**${n}**`).join('、')}？` : '';
  return reply('未知命令', `没有“${escapeMarkdown(word)}”这个命令。${hint}\n\n发送 **帮助** 查看全部命令。`);
}
