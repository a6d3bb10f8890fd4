// The frame every reminder shares: a bold headline, a few lines, the citation, and how to act.
// Every message contains “党建”, which DingTalk robots with a keyword check need.
import type { Binding } from '../src/store/types.js';
import { shanghaiInstant } from '../src/time.js';
import { reply, type Reply } from '../src/core.js';
import { cite } from '../src/text.js';

export const NOTICE = '晋科社行党发〔2019〕5号';
export const METHOD_STEPS = `${NOTICE} · 三、方法步骤`;

export function reminderMessage(headline: string, body: readonly string[], citation: string, action: string): Reply {
  return reply(`【党建助手】${headline}`, [`**【党建助手】${headline}**`, '', ...body, '', cite(citation), '', action].join('\n'));
}

export function at(date: string, time: string): Date {
  return shanghaiInstant(date, time);
}

/** Bound branch groups as (binding, branch). */
export function branchBindings(bindings: readonly Binding[]): Array<{ binding: Binding; branch: string }> {
  return bindings.flatMap((binding) => (binding.target.kind === 'branch' ? [{ binding, branch: binding.target.branch }] : []));
}

export function committeeBindings(bindings: readonly Binding[]): Binding[] {
  return bindings.filter((b) => b.target.kind === 'committee');
}
