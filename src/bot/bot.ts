// The single message path: dedupe → route → permission → handler → Reply.
// Platforms call `handle` and deliver what it returns; they know nothing of commands.
import type { Logger } from '../log.js';
import { systemNow, type Now } from '../time.js';
import { StoreUnavailableError } from '../store/types.js';
import { isAdminId } from '../config.js';
import { answerSeconds, messagesReceived, storeErrors } from '../metrics.js';
import type { CommandSpec, HandlerContext } from './command.js';
import { claimMessage, MemoryClaims, parseStoredReply } from './claims.js';
import type { IncomingMessage } from './message.js';
import { stripMentions } from './mention.js';
import { createRouter, mentionSeparator, type Router } from './router.js';
import type { BotServices } from './services.js';
import { closest } from './suggest.js';
import { FAILED_TEXT, GREETING } from './texts.js';
import { Refusal, reply, type Reply, UsageError } from '../core.js';
import { escapeMarkdown } from '../text.js';

export type BotOutcome =
  /** `repeated`: a redelivery of a finished message, answered with the reply it got then. */
  | { kind: 'answered'; command: string; reply: Reply; repeated?: true }
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
  /** For a message with images and no command (an image alone, or with a caption): attaches them. */
  photos?: CommandSpec;
  logger: Logger;
  now?: Now;
  /** How long a message id stays claimed (platforms redeliver within minutes; keep ≥ 1 day). */
  dedupeTtlSeconds?: number;
  /**
   * How long one attempt holds a message (default 10 s). A redelivery after that (the process
   * died mid-work) does the work again; reports are idempotent by message id.
   */
  leaseMs?: number;
  /** How long a finished message's reply is kept for redeliveries (default 10 min). */
  replyTtlSeconds?: number;
  /** How long a redelivery waits for the attempt in progress to finish (default 2.5 s). */
  busyWaitMs?: number;
}

export const RETRY_LATER = '暂时无法记录，请稍后再试。';

/** Longer messages are refused before any parsing: no message may stall the event loop. */
export const MAX_TEXT_CHARS = 5000;

export function createBot(options: BotOptions): Bot {
  const { services, commands, fallback, logger } = options;
  const now = options.now ?? systemNow;
  const ttl = options.dedupeTtlSeconds ?? 2 * 86_400;
  const leaseMs = options.leaseMs ?? 10_000;
  const replyTtl = options.replyTtlSeconds ?? 600;
  const busyWaitMs = options.busyWaitMs ?? 2500;
  const router: Router = createRouter(commands, fallback);
  const separateCommandFromMention = mentionSeparator(commands.flatMap((c) => [c.name, ...c.aliases]));
  // Used only while the store is unreachable, so questions are still answered once each.
  const memoryClaims = new MemoryClaims(50_000);

  /** Records the reply with the claim; a failure only costs the redelivery its cached answer. */
  async function finish(key: string, r: Reply): Promise<void> {
    try {
      await services.store.finishMessage(key, JSON.stringify(r), ttl, replyTtl);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      storeErrors.inc();
      logger.warn({ err: err.message }, 'finished message not recorded: store unavailable');
      memoryClaims.claim(key, ttl * 1000, Date.now());
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
      return reply('出错了', FAILED_TEXT);
    }
  }

  async function checkPermission(command: CommandSpec, ctx: HandlerContext): Promise<Reply | null> {
    if (command.permission === 'admin' && !ctx.isGroupAdmin) {
      return reply('没有权限', `“${command.name}”仅限管理员使用。请联系管理员操作。`);
    }
    if (command.permission === 'committee') {
      const binding = await ctx.store.getBinding({ platform: ctx.message.platform, conversationId: ctx.message.conversationId });
      if (binding?.target.kind !== 'committee') {
        return reply('仅限委员会群', `“${command.name}”只能在绑定为“委员会”的群里使用。`);
      }
      // A group admin of the committee group is not the committee: ADMIN_IDS only.
      if (!ctx.isAdmin) return reply('没有权限', `“${command.name}”仅限系统管理员（ADMIN_IDS）使用。`);
    }
    return null;
  }

  return {
    commands,
    async handle(message) {
      const started = process.hrtime.bigint();
      const outcome = await answer(message);
      // A redelivery answered with its earlier reply counts as a duplicate, not a new answer.
      const repeated = outcome.kind === 'answered' && outcome.repeated === true;
      messagesReceived.inc({ platform: message.platform, outcome: repeated ? 'duplicate' : outcome.kind });
      if (outcome.kind === 'answered' && !repeated) {
        answerSeconds.observe({ platform: message.platform }, Number(process.hrtime.bigint() - started) / 1e9);
      }
      return outcome;
    },
  };

  async function answer(message: IncomingMessage): Promise<BotOutcome> {
    const key = `msg:${message.platform}:${message.messageId}`;
    const claim = await claimMessage(services.store, key, { leaseMs, busyWaitMs, memory: memoryClaims, ttlMs: ttl * 1000, logger });
    if (claim.state === 'done') {
      const previous = claim.reply === undefined ? undefined : parseStoredReply(claim.reply);
      return previous ? { kind: 'answered', command: '重复投递', reply: previous, repeated: true } : { kind: 'duplicate' };
    }
    if (claim.state === 'busy') return { kind: 'duplicate' };
    let outcome: BotOutcome;
    try {
      outcome = await work(message);
    } catch (err) {
      // Let the next delivery try again instead of waiting out the lease.
      await services.store.releaseMessage(key).catch(() => undefined);
      throw err;
    }
    if (outcome.kind === 'answered') await finish(key, outcome.reply);
    return outcome;
  }

  async function work(message: IncomingMessage): Promise<BotOutcome> {
    if (message.text.length > MAX_TEXT_CHARS) {
      return answered('消息过长', reply('消息过长', `这条消息有 ${message.text.length} 个字符，超过了 ${MAX_TEXT_CHARS} 字的上限，没有处理。请精简后分几条发送。`));
    }
    const text = stripMentions(separateCommandFromMention(message.text));
    // ADMIN_IDS, or the local operator of the console (who already controls the server).
    const systemAdmin = isAdminId(services.config, message.platform, message.senderId) || (message.platform === 'console' && message.senderIsAdmin === true);
    const ctx: HandlerContext = {
      ...services,
      message: { ...message, text },
      now: now(),
      isAdmin: systemAdmin,
      // The platform's admin flag counts in a group only, and only for that group's settings.
      isGroupAdmin: systemAdmin || (message.senderIsAdmin === true && message.chatType === 'group'),
      commands,
    };
    if (options.photos && (message.attachments?.length ?? 0) > 0) {
      const route = text === '' ? undefined : router.route(text);
      if (!route || route.unknown !== undefined || route.command === fallback) return answered(options.photos.name, await run(options.photos, ctx, text));
    }
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
  return reply('党建助手', GREETING);
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
