// A command is declared once (Koishi style): name, aliases, usage, example and who may use it.
// Help text, argument errors and permission checks are all derived from this declaration.
import type { IncomingMessage } from './message.js';
import type { BotServices } from './services.js';
import type { Reply } from '../core.js';

/** Who may run a command. `committee` means: only in the group bound as 委员会. */
export type Permission = 'everyone' | 'admin' | 'committee';

export interface HandlerContext extends BotServices {
  message: IncomingMessage;
  /** The current time (injected clock), used for every date decision. */
  now: Date;
  /** True when the sender is listed in ADMIN_IDS or the platform flags them as admin. */
  /** Listed in ADMIN_IDS: binds groups, uses committee commands, changes anyone's records. */
  isAdmin: boolean;
  /** ADMIN_IDS, or the platform's own group admin (DingTalk isAdmin) in a group: this group's settings. */
  isGroupAdmin: boolean;
  /** Every declared command, for 帮助. */
  commands: readonly CommandSpec[];
}

export interface CommandSpec {
  /** Chinese name, e.g. 标准 */
  name: string;
  /** Other names, e.g. criteria; matched case-insensitively, with or without a leading '/'. */
  aliases: string[];
  /** One-line description for 帮助. */
  summary: string;
  /** e.g. 标准 [编号|标准名] */
  usage: string;
  /** A complete example users can paste, e.g. 标准 7 */
  example: string;
  permission: Permission;
  /** When true the arguments may follow the name without a space (上报昨天…). */
  greedy?: boolean;
  /** Hidden from 帮助 (the free-question fallback). */
  hidden?: boolean;
  run(ctx: HandlerContext, args: string): Promise<Reply> | Reply;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
