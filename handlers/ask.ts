// 提问: the free-question fallback. Anything that is not a command is answered from the notice.
import { defineCommand } from '../src/bot/command.js';

export const QUESTION_CHARS = 300;

export default defineCommand({
  name: '提问',
  aliases: ['ask', '问'],
  summary: '就通知和“六好”标准自由提问',
  usage: '提问 问题',
  example: '提问 下基层服务一年要几次',
  permission: 'everyone',
  hidden: true,
  run(ctx, args) {
    // A question is read from its first QUESTION_CHARS characters: bounded work per message.
    return ctx.knowledge.answer(args.slice(0, QUESTION_CHARS), ctx.now).reply;
  },
});
