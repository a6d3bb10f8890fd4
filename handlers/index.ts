// The command registry: every command the bot understands, in the order 帮助 lists them.
import type { CommandSpec } from '../src/bot/command.js';
import help from './help.js';
import criteria from './criteria.js';
import phase from './phase.js';
import report from './report.js';
import records from './records.js';
import undo from './undo.js';
import amend from './amend.js';
import classify from './classify.js';
import progress from './progress.js';
import summary from './summary.js';
import bind from './bind.js';
import { approve, refuse } from './decide.js';
import overview from './overview.js';
import exportReports from './export.js';
import dashboard from './dashboard.js';
import push from './push.js';
import remind from './remind.js';
import whoami from './whoami.js';
import ask from './ask.js';
import { attach, photoMessages } from './photo.js';

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
