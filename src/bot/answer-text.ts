// Knowledge returns an answer (what to show); this words it as the chat reply: the item quoted with
// its citation, pointers to related items, the hedge, the follow-up notes, refusals, and one reply
// for a message that asked several things.
import { reply, type Reply } from '../core.js';
import { refKey } from '../knowledge/items.js';
import type { Answer, AnswerNote, ItemRef, Knowledge } from '../knowledge/types.js';
import { excerpt } from '../text.js';
import {
  formatCriterion,
  formatCriterionOutOfRange,
  formatPhase,
  formatPhaseOn,
  formatPhases,
  formatSection,
  formatShuangqiang,
  formatStandard,
  formatStandards,
  formatSubmission,
  pointerTo,
} from './notice-text.js';

/** A combined reply stays within one WeCom markdown message (4096 bytes), with room to spare. */
const MAX_REPLY_BYTES = 3800;

/** The reply to one answer; `now` is the time the question was answered at (phase status, deadlines). */
export function answerReply(k: Knowledge, a: Answer, now: Date): Reply {
  return withNote(k, shownReply(k, a, now), a.note);
}

/** One reply for the answers of a message, in order, within one message's size. */
export function answersReply(k: Knowledge, answers: readonly Answer[], now: Date): Reply {
  const replies = answers.map((a) => answerReply(k, a, now));
  const [first] = replies;
  if (!first) return reply('', '');
  if (replies.length === 1) return first;
  const parts = replies.map((r, i) => `**${i + 1}. ${r.title}**\n\n${withoutRelated(r.markdown)}`);
  let text = parts.join('\n\n---\n\n');
  if (Buffer.byteLength(text, 'utf8') > MAX_REPLY_BYTES) {
    const each = Math.floor(MAX_REPLY_BYTES / 3 / replies.length) - 20;
    text = replies.map((r, i) => `**${i + 1}. ${r.title}**\n\n${excerpt(withoutRelated(r.markdown), each)}`).join('\n\n---\n\n');
  }
  return reply(replies.map((r) => r.title).join('；'), text);
}

function shownReply(k: Knowledge, a: Answer, now: Date): Reply {
  const s = a.show;
  switch (s.what) {
    case 'item': {
      const r = itemReply(k, a.item, now, a.related);
      const item = a.kind === 'hedged' ? k.item(a.item) : undefined;
      return item ? hedge(r, pointerTo(k, item)) : r;
    }
    case 'phase-on':
      return formatPhaseOn(k, s.date, now);
    case 'deadline-on':
      return formatSubmission(k, now, s.date);
    case 'no-criterion':
      return formatCriterionOutOfRange(s.number);
    case 'not-stated': {
      const r = formatCriterion(k, s.number);
      return reply(r.title, `问到的这一点，第${s.number}条没有写，通知别处也没有规定，我不乱猜。第${s.number}条原文如下：\n\n${r.markdown}`);
    }
    case 'no-standard':
      return reply('没有这个一级标准', `“六好”一共六个一级标准，没有第${s.index}个。\n\n发送「标准」查看全部六个。`);
    case 'no-phase':
      return reply('没有这个阶段', `活动只有三个阶段（动员部署、组织实施、总结提高），没有第${s.index}阶段。\n\n发送「阶段」查看。`);
    case 'bad-date':
      return reply('日期有误', `${s.message}。请写成“11月5日”或“2026-11-05”这样的日期。`);
    case 'greeting':
      return s.thanks
        ? reply('不客气', '不客气！还有关于“双强六好”的问题，随时问我。')
        : reply('您好', '您好！我是党建助手，可以回答“双强六好”通知和“六好”标准的问题，例如“第7条”“总结交给谁”。发送 **帮助** 查看全部用法。');
    case 'clarify': {
      const options = a.related.map((r) => `- ${pointerOf(k, r)}`);
      const text = [`“${s.word}”在通知里出现在好几处，您想问哪一方面？例如：`, '', ...options, '', '可以说得具体些，比如“走基层多久一次”“党课怎么讲”。'];
      return reply('您想问哪一方面？', text.join('\n'));
    }
    case 'which-one': {
      const options = a.related.map((r) => `- ${pointerOf(k, r)}`);
      const text = [`您说的“${s.word}”是指哪一项？可以说得具体些，例如：`, '', ...options];
      return reply('您指的是哪一项？', text.join('\n'));
    }
    case 'ask-what': {
      const options = a.related.map((r) => `- ${pointerOf(k, r)}`);
      const text = ['请问您想了解什么？我可以回答“双强六好”通知和“六好”标准里的内容，例如：', '', ...options, '', '也可以直接问，比如“走基层多久一次”“总结交给谁”。'];
      return reply('您想问什么？', text.join('\n'));
    }
    case 'cannot-write':
      return reply(
        '我不代写材料',
        [
          '我只回答《' + k.notice.document.title + '通知》里写了什么，不代写材料，免得把通知没有的内容当成要求。',
          '',
          '写总结时可以先看：',
          '- 「总结交给谁」：报送时间、形式和地点',
          '- 「标准」：逐条对照“六好”标准',
          '- 「阶段 总结提高」：总结阶段的任务',
        ].join('\n'),
      );
    case 'not-covered':
      return notCovered(k);
  }
}

/** An item quoted as found, with pointers to its related items. */
function itemReply(k: Knowledge, ref: ItemRef, now: Date, related: readonly ItemRef[]): Reply {
  const pointers = related.map((r) => pointerOf(k, r));
  const withRelated = (r: Reply): Reply =>
    pointers.length === 0 ? r : reply(r.title, `${r.markdown}\n\n相关：\n${pointers.map((p) => `- ${p}`).join('\n')}`);
  switch (ref.kind) {
    case 'criterion':
      return formatCriterion(k, ref.number, pointers);
    case 'standard':
      return withRelated(formatStandard(k, ref.index));
    case 'standards':
      return withRelated(formatStandards(k));
    case 'shuangqiang':
      return withRelated(formatShuangqiang(k));
    case 'phase':
      return withRelated(ref.index === undefined ? formatPhases(k, now) : formatPhase(k, ref.index, now));
    case 'section': {
      if (ref.id === 'submission') return withRelated(formatSubmission(k, now));
      const item = k.item(ref);
      return item ? withRelated(formatSection(k, item)) : notCovered(k);
    }
    default:
      return notCovered(k);
  }
}

function pointerOf(k: Knowledge, ref: ItemRef): string {
  const item = k.item(ref);
  return item ? pointerTo(k, item) : refKey(ref);
}

function notCovered(k: Knowledge): Reply {
  const d = k.notice.document;
  return reply(
    '通知里没有这方面内容',
    [
      `这个问题在《${d.title}通知》（${d.number}）里没有涉及，我不乱猜。`,
      '',
      '我能回答通知和附件“六好”标准里的内容，例如：',
      '- 「标准 7」「标准 自身建设」查看条文',
      '- 「阶段」「阶段 11月5日」查看当时的任务',
      '- 「总结交给谁」「有问题找谁」',
      '',
      '发送 **帮助** 查看全部用法。',
    ].join('\n'),
  );
}

/** The closest item's reply, prefixed with the honest note that the notice does not say it in these words. */
function hedge(r: Reply, pointer: string): Reply {
  const where = pointer.split('：')[0] ?? pointer;
  return reply(r.title, `通知没有逐字这样说，最接近的是${where}：\n\n${r.markdown}`);
}

const SEQUENCE_NAMES = { criteria: '二级标准', standards: '一级标准', requirements: '工作要求' } as const;

/** A follow-up's note before the reply it repeats. */
function withNote(k: Knowledge, r: Reply, note: AnswerNote | undefined): Reply {
  if (!note) return r;
  if (note.kind === 'other-number') {
    const said = k.criterion(note.said);
    return reply(r.title, `问到的内容不在第${note.said}条，在下面这一条。${said ? `（第${note.said}条讲的是：${excerpt(said.text)}）` : ''}\n\n${r.markdown}`);
  }
  if (note.kind === 'other-standard') {
    const said = k.standards.find((s) => s.index === note.said);
    return reply(r.title, `这一条不在${said ? `“${said.name}”` : `第${note.said}个一级标准`}里，在下面标明的一级标准里。\n\n${r.markdown}`);
  }
  if (note.kind === 'nothing-more') {
    const lines = ['通知里关于这一点只有上面这段原文，没有更具体的做法或例子，我不替通知补充。', '', r.markdown];
    const pointers = note.pointers.map((p) => `- ${followUpPointer(k, p)}`);
    if (pointers.length > 0) lines.push('', '可以再看看相关的：', ...pointers);
    return reply(r.title, lines.join('\n'));
  }
  const side = note.before ? '之前' : '之后';
  const text =
    note.sequence === 'phases'
      ? `活动只有三个阶段，第${note.at}阶段${side}没有别的阶段了。`
      : `${SEQUENCE_NAMES[note.sequence]}一共${note.count}个，第${note.at}个${side}没有了。`;
  return reply(r.title, `${text}\n\n${r.markdown}`);
}

/** The short pointer of a follow-up's note: a criterion by its number and text, anything else as a related item is. */
function followUpPointer(k: Knowledge, ref: ItemRef): string {
  if (ref.kind === 'criterion') {
    const c = k.criterion(ref.number);
    return `第${ref.number}条：${excerpt(c?.text ?? '')}`;
  }
  return pointerOf(k, ref);
}

function withoutRelated(markdown: string): string {
  const at = markdown.indexOf('\n\n相关：');
  return at < 0 ? markdown : markdown.slice(0, at);
}
