// The command registry: every command the bot understands, in the order 帮助 lists them.
// Files are named in English, users type the Chinese name: the column on the right is what a user
// types for each file (test/architecture/commands.test.ts checks it against each spec's name).
// Every command file opens with the same defineCommand({ name, aliases, summary, usage, example,
// permission }) declaration on purpose: the router and 帮助 read it, so those lines look alike.
import type { CommandSpec } from '../src/bot/command.js';
import help from './help.js';                       // 帮助
import criteria from './criteria.js';               // 标准
import phase from './phase.js';                     // 阶段
import report from './report.js';                   // 上报
import records from './records.js';                 // 记录
import amend from './amend.js';                     // 修改
import classify from './classify.js';               // 归类
import undo from './undo.js';                       // 撤销
import { attach, photoMessages } from './photo.js'; // 附图、照片（不带命令的照片）
import progress from './progress.js';               // 进度
import summary from './summary.js';                 // 总结
import bind from './bind.js';                       // 绑定
import { approve, refuse } from './decide.js';      // 批准、拒绝
import overview from './overview.js';               // 汇总
import exportReports from './export.js';            // 导出
import dashboard from './dashboard.js';             // 看板
import push from './push.js';                       // 推送
import remind from './remind.js';                   // 提醒
import whoami from './whoami.js';                   // 我的ID
import ask from './ask.js';                         // 提问（不是命令的消息都当作提问）

export const commands: readonly CommandSpec[] = [
  help,
  criteria,
  phase,
  report,
  records,
  amend,
  classify,
  undo,
  attach,
  progress,
  summary,
  bind,
  approve,
  refuse,
  overview,
  exportReports,
  dashboard,
  push,
  remind,
  whoami,
  ask,
];

/** Anything that is not a command is a question for the knowledge base. */
export const fallback: CommandSpec = ask;

/** A message with images but no command (an image alone): its photos attach to a recent report. */
export { photoMessages };
