// 提问: the free-question fallback. Anything that is not a command is answered from the notice.
// The last answer to this sender in this group is kept in the store for a few minutes, so that a
// follow-up (那第二条呢, 还有呢) means the same on every instance.
import { answersReply } from '../src/bot/answer-text.js';
import { defineCommand, type HandlerContext } from '../src/bot/command.js';
import { converse, MEMORY_TTL_SECONDS, type ConversationMemory } from '../src/knowledge/conversation.js';
import { StoreUnavailableError } from '../src/store/types.js';

export const QUESTION_CHARS = 300;

function memoryKey(ctx: HandlerContext): string {
  const m = ctx.message;
  return `conv:${m.platform}:${m.conversationId}:${m.senderId}`;
}

function parseMemory(text: string | null): ConversationMemory | undefined {
  if (text === null) return undefined;
  try {
    const v = JSON.parse(text) as Partial<ConversationMemory>;
    if (!Array.isArray(v.items) || !Array.isArray(v.related)) return undefined;
    return {
      items: v.items,
      related: v.related,
      ...(Array.isArray(v.lastTurn) ? { lastTurn: v.lastTurn } : {}),
      ...(typeof v.within === 'number' ? { within: v.within } : {}),
      ...(v.numbered === true ? { numbered: true } : {}),
    };
  } catch {
    return undefined;
  }
}

export default defineCommand({
  name: '提问',
  aliases: ['ask', '问'],
  summary: '就通知和“六好”标准自由提问',
  usage: '提问 问题',
  example: '提问 下基层服务一年要几次',
  permission: 'everyone',
  hidden: true,
  async run(ctx, args) {
    const key = memoryKey(ctx);
    // Without the store a question is still answered, only without its context.
    const memory = parseMemory(await ctx.store.getShortLived(key).catch(ignoreOutage(null)));
    // A question is read from its first QUESTION_CHARS characters: bounded work per message.
    const turn = converse(ctx.knowledge, args.slice(0, QUESTION_CHARS), ctx.now, memory);
    const next: ConversationMemory = turn.memory ?? { items: [], related: [] };
    await ctx.store.setShortLived(key, JSON.stringify(next), MEMORY_TTL_SECONDS).catch(ignoreOutage(undefined));
    return answersReply(ctx.knowledge, turn.answers, ctx.now);
  },
});

function ignoreOutage<T>(value: T): (err: unknown) => T {
  return (err) => {
    if (err instanceof StoreUnavailableError) return value;
    throw err;
  };
}
