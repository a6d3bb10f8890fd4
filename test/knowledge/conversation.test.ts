// Conversations: several questions in one message, follow-ups on the last answer (kept in the store,
// so that two instances on one Redis agree), greetings, and the natural forms of commands.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converse, type ConversationMemory } from '../../src/knowledge/conversation.js';
import { refKey } from '../../src/knowledge/index.js';
import type { Answer } from '../../src/knowledge/types.js';
import { answerReply } from '../../src/bot/answer-text.js';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { answered, at, kb, talk } from './support.js';

const NOW = at('2026-10-08');

/** Runs the turns of one dialogue and returns, per turn, what the reply covered. */
function dialogue(...turns: string[]): string[][] {
  let memory: ConversationMemory | undefined;
  return turns.map((q) => {
    const t = talk(q, NOW, memory);
    memory = t.memory;
    return t.answers.map((a) => (a.kind === 'greeting' || a.kind === 'clarify' ? a.kind : refKey(a.item)));
  });
}

describe('converse', () => {
  it('answers two things joined by 和/跟 and asked about each or compared (old code: one of them)', () => {
    expect(dialogue('换届和民主集中制各是哪条')).toEqual([['criterion:18', 'criterion:19']]);
    // one the notice answers and one it does not: both, in order (old code: only the refusal)
    expect(dialogue('走基层多久一次？另外，党费交多少？')).toEqual([['criterion:7', 'none']]);
    expect(dialogue('我们支部刚成立。走基层多久一次？')).toEqual([['criterion:7']]);
    expect(dialogue('指导思想和工作要求分别是啥')).toEqual([['section:guiding', 'section:requirements']]);
    // 分别讲了什么 (了 before the question word; old code: the whole 工作要求)
    expect(dialogue('加强领导和广泛宣传分别讲了什么')).toEqual([['section:requirement-lead', 'section:requirement-publicity']]);
    expect(dialogue('走基层和科技扶贫那条有啥区别')).toEqual([['criterion:7', 'criterion:15']]);
    expect(dialogue('监事会那条是第几条', '这条跟党内监督那条有啥区别')).toEqual([['criterion:23'], ['criterion:23', 'criterion:25']]);
    // the last criterion left unsaid (old code: 第25条 alone)
    expect(dialogue('监事会那条是第几条', '跟党内监督那条有啥区别')).toEqual([['criterion:23'], ['criterion:23', 'criterion:25']]);
    // one item for both: the message is answered whole
    expect(dialogue('书记和会长分别是谁')).toEqual([['criterion:4']]);
  });

  it('answers 还有呢 after a criterion found by its topic with the next criterion of its standard (old code: a related item)', () => {
    expect(dialogue('推荐两代表一委员在哪条', '还有呢', '还有呢')).toEqual([['criterion:14'], ['criterion:15'], ['criterion:16']]);
    // after the standard's last criterion: a related item, not the next standard's first
    const after = dialogue('走基层多久一次', '还有呢');
    expect(after[0]).toEqual(['criterion:7']);
    expect(after[1]).not.toEqual(['criterion:8']);
  });

  it('gives the standards of the criteria of the last reply (这两条属于哪个好), each once', () => {
    expect(dialogue('换届和民主集中制各是哪条', '这两条属于哪个好')).toEqual([['criterion:18', 'criterion:19'], ['standard:6']]);
    expect(dialogue('第5条和第9条分别是什么', '它们属于哪个好')).toEqual([['criterion:5', 'criterion:9'], ['standard:2', 'standard:3']]);
  });

  it('reads an ordinal or a step placed inside the last answer (里面第二条, 标准里下一条)', () => {
    expect(dialogue('建设先进文化好', '这里面第三条要求啥')).toEqual([['standard:4'], ['criterion:13']]);
    expect(dialogue('第9条', '通知里的下一条呢')).toEqual([['criterion:9'], ['criterion:10']]);
    expect(dialogue('第9条', '还有呢，标准里上一条')).toEqual([['criterion:9'], ['criterion:8']]);
  });

  it('steps on from the last item when asked what comes after or before it', () => {
    expect(dialogue('组织实施阶段', '实施结束之后呢')).toEqual([['phase:2'], ['phase:3']]);
    expect(dialogue('组织实施阶段', '这之前呢')).toEqual([['phase:2'], ['phase:1']]);
  });

  it('answers a bare "which day" about the last item', () => {
    expect(dialogue('文号是多少', '哪一天印发的')).toEqual([['section:document'], ['section:document']]);
  });

  it('answers two questions of one message in order, within one message', () => {
    expect(dialogue('走基层多久一次？还有联系人是谁？')).toEqual([['criterion:7', 'section:contact']]);
    expect(dialogue('第5条和第7条分别是什么')).toEqual([['criterion:5', 'criterion:7']]);
    const t = talk('第5条和第7条分别是什么', NOW, undefined);
    expect(t.reply.markdown).toContain('5.学会党支部开展的活动');
    expect(t.reply.markdown).toContain('7.每半年至少组织党员');
    expect(Buffer.byteLength(t.reply.markdown, 'utf8')).toBeLessThanOrEqual(4096);
  });

  it('parts questions at commas, spaces and 呢 only when every part asks something', () => {
    expect(dialogue('联系人是谁，总结交到哪')).toEqual([['section:contact', 'section:submission']]);
    expect(dialogue('走基层多久一次 换届多久一次')).toEqual([['criterion:7', 'criterion:18']]);
    expect(dialogue('第5条呢第6条呢')).toEqual([['criterion:5', 'criterion:6']]);
    expect(dialogue('我们支部刚成立，走基层多久一次')).toEqual([['criterion:7']]);
  });

  it('answers a short range of criteria item by item', () => {
    expect(dialogue('第1条到第3条')).toEqual([['criterion:1', 'criterion:2', 'criterion:3']]);
    const t = talk('第21条到第25条', NOW, undefined);
    expect(t.answers).toHaveLength(5);
    expect(Buffer.byteLength(t.reply.markdown, 'utf8')).toBeLessThanOrEqual(4096);
  });

  it('follows up on the last answer', () => {
    expect(dialogue('团结凝聚群众好', '那第二条呢')).toEqual([['standard:2'], ['criterion:5']]);
    expect(dialogue('动员部署阶段干啥', '下一个阶段呢', '上一个阶段呢')).toEqual([['phase:1'], ['phase:2'], ['phase:1']]);
    expect(dialogue('第5条', '第7条', '这两条有啥区别')).toEqual([['criterion:5'], ['criterion:7'], ['criterion:5', 'criterion:7']]);
  });

  it('says so when the notice has nothing more, and points to related items', () => {
    let memory: ConversationMemory | undefined = converse(kb(), '走基层多久一次', NOW, undefined).memory;
    const detail = talk('具体怎么做', NOW, memory);
    expect(detail.answers.map((a) => refKey(a.item))).toEqual(['criterion:7']);
    expect(detail.reply.markdown).toContain('没有更具体的做法或例子');
    memory = detail.memory;
    expect(talk('举个例子', NOW, memory).reply.markdown).toContain('没有更具体的做法或例子');
    const last = converse(kb(), '第3阶段', NOW, undefined);
    expect(talk('下一个阶段呢', NOW, last.memory).reply.markdown).toContain('没有别的阶段了');
  });

  it('steps to the next or previous item of the same sequence', () => {
    expect(dialogue('第11条', '下一条', '再下一条呢', '上一条')).toEqual([['criterion:11'], ['criterion:12'], ['criterion:13'], ['criterion:12']]);
    expect(dialogue('总结提高阶段', '前一个阶段', '再上一个')).toEqual([['phase:3'], ['phase:2'], ['phase:1']]);
    expect(dialogue('团结凝聚群众好', '下一个')).toEqual([['standard:2'], ['standard:3']]);
    const last = converse(kb(), '第25条', NOW, undefined);
    const after = talk('下一条', NOW, last.memory);
    expect(after.answers.map((a) => refKey(a.item))).toEqual(['criterion:25']);
    expect(after.reply.markdown).toContain('之后没有了');
  });

  it('reads an ordinal after a list as an item of that list', () => {
    expect(dialogue('工作要求', '第三条说了啥', '那第一条呢')).toEqual([
      ['section:requirements'],
      ['section:requirement-publicity'],
      ['section:requirement-lead'],
    ]);
    expect(dialogue('分几个阶段', '第二个具体做啥')).toEqual([['phase'], ['phase:2']]);
    expect(dialogue('第3条', '第5条')).toEqual([['criterion:3'], ['criterion:5']]);
  });

  it('reads 这个阶段 and 这条 as the last item', () => {
    expect(dialogue('总结提高阶段', '这个阶段从哪天开始')).toEqual([['phase:3'], ['phase:3']]);
    expect(dialogue('第9条', '这条和第23条比有啥不同')).toEqual([['criterion:9'], ['criterion:9', 'criterion:23']]);
  });

  it('takes several follow-up phrases in one message as one follow-up', () => {
    expect(dialogue('第24条', '具体呢 举个例子')).toEqual([['criterion:24'], ['criterion:24']]);
  });

  it('greets back when a greeting is addressed to someone or the sender only introduces themselves', () => {
    expect(dialogue('谢谢领导', '辛苦各位', '您好 我是学会的宣传委员')).toEqual([['greeting'], ['greeting'], ['greeting']]);
    expect(dialogue('您好 我是宣传委员 第7条是什么')).toEqual([['criterion:7']]);
  });

  it('answers which standard the last criterion belongs to, and how many a standard has', () => {
    expect(dialogue('第16条', '它属于哪个一级标准')).toEqual([['criterion:16'], ['standard:5']]);
    expect(dialogue('第20条属于哪个好')).toEqual([['standard:6']]);
    expect(dialogue('建设先进文化好', '一共几条', '最后一条呢')).toEqual([['standard:4'], ['standard:4'], ['criterion:13']]);
  });

  it('reads 第二个 after a reply with several items as its second item', () => {
    expect(dialogue('第9条和第17条分别是什么', '第二个再说说')).toEqual([['criterion:9', 'criterion:17'], ['criterion:17']]);
  });

  it('reads a question of only how often / when about the last item', () => {
    expect(dialogue('换届选举', '多久一次')).toEqual([['criterion:18'], ['criterion:18']]);
    expect(dialogue('多久一次')).toEqual([['criterion:7']]);
  });

  it('takes short acknowledgements as such, without eating a word that starts a question', () => {
    expect(dialogue('嗯嗯', '行', '好吧')).toEqual([['greeting'], ['greeting'], ['greeting']]);
    // old code: the out-of-scope refusal for each
    expect(dialogue('晓得了', '收到了收到了', '清楚了谢谢', 'xie谢')).toEqual([['greeting'], ['greeting'], ['greeting'], ['greeting']]);
    expect(dialogue('好 那第7条呢')).toEqual([['criterion:7']]);
    // an acknowledgement that tells what the sender's side will do asks nothing (old code: 提交 and 第7条)
    expect(dialogue('收到，我们11月15日前把总结交到617室', '好的，我们支部下周去企业走基层')).toEqual([['greeting'], ['greeting']]);
    expect(dialogue('好的 我们走基层多久一次', '收到 我想问下联系人是谁')).toEqual([['criterion:7'], ['section:contact']]);
    // thanks to someone by name, and a message acknowledged twice over (old code: 联系人, 提交, 文号)
    expect(dialogue('谢谢梁老师！', '好的，明白了 11月15号前交纸质版', 'OK 收到通知')).toEqual([['greeting'], ['greeting'], ['greeting']]);
    expect(dialogue('好的 谢谢 那联系人是谁', '收到 走基层那条')).toEqual([['section:contact'], ['criterion:7']]);
    expect(dialogue('好好学习党章有要求吗')).toEqual([['criterion:3']]);
  });

  it('does not treat a follow-up word as one without something to refer to', () => {
    expect(dialogue('举个例子')[0]).not.toEqual(['criterion:7']);
  });

  it('greets and thanks briefly, and asks back on one generic word', () => {
    expect(dialogue('你好', '谢谢', '辛苦了')).toEqual([['greeting'], ['greeting'], ['greeting']]);
    expect(dialogue('你好，第7条是什么')).toEqual([['criterion:7']]);
    expect(dialogue('活动')).toEqual([['clarify']]);
  });
});

describe('follow-ups resolved against the last answer (fourth round)', () => {
  it('walks the criteria of a standard reached by its place in it (ordinal, 还有呢)', () => {
    // Old code read 第二条 after 推动事业发展好的第一条 as 第2条 and 还有呢 as a related item.
    expect(dialogue('推动事业发展好的第一条是什么', '那第三条呢', '上一条', '接着说')).toEqual([
      ['criterion:8'],
      ['criterion:10'],
      ['criterion:9'],
      ['criterion:10'],
    ]);
    expect(dialogue('加强自身建设好包括哪些', '第二条说的啥', '第六条')).toEqual([['standard:6'], ['criterion:19'], ['criterion:23']]);
    // Found by its topic, a criterion's standard is the list an ordinal in words counts in (old code: 第1条).
    expect(dialogue('不合格党员怎么处置', '那第一条呢', '第二条呢')).toEqual([['criterion:20'], ['criterion:18'], ['criterion:19']]);
    expect(dialogue('不合格党员怎么处置', '那第1条呢')).toEqual([['criterion:20'], ['criterion:18']]);
    // Reached by its number, a criterion keeps ordinals absolute; past the standard's size, too.
    expect(dialogue('第16条', '第二条')).toEqual([['criterion:16'], ['criterion:2']]);
    expect(dialogue('坚持政治方向好第二条', '第十四条呢')).toEqual([['criterion:2'], ['criterion:14']]);
  });

  it('reads a standard by number with an ordinal as the criterion at that place', () => {
    expect(dialogue('第四个好的第三条')).toEqual([['criterion:13']]);
    expect(dialogue('第6个好里面最后一条是啥', '第一条呢')).toEqual([['criterion:25'], ['criterion:18']]);
  });

  it('answers which standard the last criterion is in, in words pointing back at it', () => {
    expect(dialogue('第11条', '这是第几个好的')).toEqual([['criterion:11'], ['standard:4']]);
    expect(dialogue('第23条', '出自六好里的哪一个')).toEqual([['criterion:23'], ['standard:6']]);
    expect(dialogue('第23条', '那这归哪个一级标准管')).toEqual([['criterion:23'], ['standard:6']]);
  });

  it('steps past the item shown before when 再 turns back (第三条, 下一条, 再上一条)', () => {
    expect(dialogue('第14条', '下一条', '再上一条')).toEqual([['criterion:14'], ['criterion:15'], ['criterion:13']]);
    expect(dialogue('总结提高阶段', '前一个阶段', '再上一个')).toEqual([['phase:3'], ['phase:2'], ['phase:1']]);
  });

  it('reads 最后一个 after a reply of several items of one list as the last of that list', () => {
    expect(dialogue('第一阶段干什么 第二阶段呢', '最后一个阶段呢')).toEqual([['phase:1', 'phase:2'], ['phase:3']]);
    expect(dialogue('注重实效是啥 加强领导是啥', '最后一个呢')).toEqual([['section:requirement-effect', 'section:requirement-lead'], ['section:requirement-publicity']]);
  });

  it('reads an ordinal naming its list (第三个要求) with a request for detail', () => {
    expect(dialogue('工作要求有几条', '第一个要求展开讲讲')).toEqual([['section:requirements'], ['section:requirement-lead']]);
  });

  it('compares two criteria in the order they were discussed (old code: the notice order)', () => {
    expect(dialogue('第20条', '第6条', '它俩有什么区别')).toEqual([['criterion:20'], ['criterion:6'], ['criterion:20', 'criterion:6']]);
  });

  it('reads a short question with no topic of its own as about the last item', () => {
    expect(dialogue('总结报送', '在几楼')).toEqual([['section:submission'], ['section:submission']]);
    expect(dialogue('指导思想', '都依据了哪些文件')).toEqual([['section:guiding'], ['section:guiding']]);
    expect(dialogue('不合格党员怎么处理', '那要是他一直拖着呢')).toEqual([['criterion:20'], ['criterion:20']]);
    // …unless the item cannot say it (a length in years), or it ends on a word the notice never uses.
    expect(dialogue('换届选举在哪条', '几年换一次')).toEqual([['criterion:18'], ['none']]);
    expect(dialogue('党员过双重组织生活', '怎么打分')).toEqual([['criterion:22'], ['none']]);
    expect(dialogue('第21条', '那党费呢')).toEqual([['criterion:21'], ['none']]);
    // A topic of its own (or a word naming the notice that another item matches) is answered on its own.
    expect(dialogue('联系人是谁', '这个文件谁发的')).toEqual([['section:contact'], ['section:document']]);
    expect(dialogue('走基层多久一次', '联系人电话呢')).toEqual([['criterion:7'], ['section:contact']]);
  });

  it('asks back on a bare demonstrative, offering the recent items', () => {
    expect(dialogue('这个')).toEqual([['clarify']]);
    const t = talk('嗯 那个', NOW, converse(kb(), '第7条', NOW, undefined).memory);
    expect(t.answers.map((a) => a.kind)).toEqual(['clarify']);
    expect(t.reply.markdown).toContain('是指哪一项');
    expect(t.reply.markdown).toContain('第7条');
  });

  it('answers both parts of the campaign name asked what it is', () => {
    expect(dialogue('这个双强六好到底是什么')).toEqual([['shuangqiang', 'standards']]);
    expect(dialogue('双强六好的目标是啥')).toEqual([['shuangqiang']]);
  });

  it('keeps the last items through a refusal (old code forgot them: 下一条 got 广泛宣传)', () => {
    expect(dialogue('书记和会长那条', '党费交多少', '下一条')).toEqual([['criterion:4'], ['none'], ['criterion:5']]);
    expect(dialogue('第5条', '天气怎么样', '还有呢')).toEqual([['criterion:5'], ['none'], ['criterion:6']]);
  });

  it('counts a phase named by its place from the current one, or from a named one (old code: the current phase)', () => {
    const phases = (q: string, day: string): string[] => talk(q, at(day), undefined).answers.map((a) => refKey(a.item));
    expect(phases('下个阶段干啥', '2026-10-08')).toEqual(['phase:3']);
    expect(phases('上一个阶段是啥', '2026-10-08')).toEqual(['phase:1']);
    expect(phases('接下来的阶段要做什么', '2026-09-15')).toEqual(['phase:2']);
    expect(phases('动员部署的下一个阶段是什么', '2026-11-05')).toEqual(['phase:2']);
    // before the campaign the next phase is the first; after it the previous is the last; past the ends, all phases
    expect(phases('下个阶段干啥', '2026-09-01')).toEqual(['phase:1']);
    expect(phases('上一个阶段是啥', '2026-11-20')).toEqual(['phase:3']);
    expect(phases('下个阶段干啥', '2026-11-05')).toEqual(['phase']);
    // after a criterion, 下个阶段 steps the phases from today, not the criterion (old code: 第2条 after 第1条)
    expect(dialogue('党建写进章程是哪条', '下个阶段干啥')).toEqual([['criterion:1'], ['phase:3']]);
  });

  it('resolves a step at the head of a longer question, then asks it (下个阶段几号开始)', () => {
    // Old code answered the current phase (2) for a step from phase 2, and 第7条 again for 它的上一条.
    expect(dialogue('组织实施阶段', '那下一个阶段从哪天开始')).toEqual([['phase:2'], ['phase:3']]);
    expect(dialogue('第15条', '它的前一条属于哪个好')).toEqual([['criterion:15'], ['standard:5']]);
    expect(dialogue('第15条', '那它的下一条呢')).toEqual([['criterion:15'], ['criterion:16']]);
    expect(dialogue('第15条', '下个月要干啥')).toEqual([['criterion:15'], ['phase:3']]);
  });

  it('reads several ordinals of one message in the last list, and counts from the end (倒数第二条)', () => {
    expect(dialogue('推动事业发展好', '第一条跟第三条呢')).toEqual([['standard:3'], ['criterion:8', 'criterion:10']]);
    expect(dialogue('第16条', '第一条和第三条')).toEqual([['criterion:16'], ['criterion:1', 'criterion:3']]);
    expect(dialogue('加强自身建设好', '倒数第三条')).toEqual([['standard:6'], ['criterion:23']]);
    expect(dialogue('团结凝聚群众好的倒数第一条')).toEqual([['criterion:7']]);
  });

  it('reads a follow-up typed wholly in pinyin as the Han text it spells', () => {
    // Old code matched follow-up patterns on the Latin letters only, so 下一条 typed as pinyin was a fresh question.
    expect(dialogue('第19条', 'xia yi tiao')).toEqual([['criterion:19'], ['criterion:20']]);
    expect(dialogue('建设先进文化好', 'di san tiao ne')).toEqual([['standard:4'], ['criterion:13']]);
  });

  it('takes 举个例子呗 / 打个比方 as asking for an example', () => {
    expect(talk('举个例子呗', NOW, converse(kb(), '第10条', NOW, undefined).memory).reply.markdown).toContain('没有更具体的做法或例子');
    expect(talk('打个比方', NOW, converse(kb(), '第10条', NOW, undefined).memory).reply.markdown).toContain('没有更具体的做法或例子');
  });

  it('thanks back on 谢了 / 谢啦', () => {
    expect(dialogue('第7条', '谢啦')).toEqual([['criterion:7'], ['greeting']]);
  });
});

describe('the 提问 handler keeps the memory in the store', () => {
  let a: TestBot;
  let b: TestBot;
  beforeAll(async () => {
    const prefix = `test:${randomUUID()}:`;
    a = await createTestBot({ store: 'redis', env: { REDIS_PREFIX: prefix }, now: NOW });
    b = await createTestBot({ store: 'redis', env: { REDIS_PREFIX: prefix }, now: NOW });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('so that another instance understands the follow-up, for this sender only', async () => {
    expect(await say(a, '团结凝聚群众好')).toContain('第4–7条');
    expect(await say(b, '那第二条呢')).toContain('5.学会党支部开展的活动');
    expect(await say(b, '那第二条呢', { senderId: 'someone-else' })).toContain('2.把党的政治建设摆在首位');
  });

  it('including the items of a reply that gave several', async () => {
    await say(a, '第9条和第17条分别是什么', { senderId: 'two-items' });
    expect(await say(b, '第二个再说说', { senderId: 'two-items' })).toContain('17.引导、鼓励、支持学会工作人员报考社会工作师');
  });
});

describe('natural command forms', () => {
  let tb: TestBot;
  beforeAll(async () => {
    tb = await createTestBot({ now: NOW });
  });
  afterAll(async () => tb.close());

  it('reads full-width forms, polite prefixes and a command glued to the mention', async () => {
    const help = await say(tb, '帮助');
    expect(await say(tb, 'ｈｅｌｐ')).toBe(help);
    const progress = await say(tb, '进度');
    expect(await say(tb, '进度？')).toBe(progress);
    expect(await say(tb, '查进度')).toBe(progress);
    expect(await say(tb, '看看记录')).toBe(await say(tb, '记录'));
    expect(await say(tb, '我要上报')).toBe(await say(tb, '上报'));
    expect(await say(tb, '撤消 3')).toBe(await say(tb, '撤销 3'));
    expect(await say(tb, '@党建助手撤销 8')).toBe(await say(tb, '撤销 8'));
    // traditional characters (old code: 幫助 was a question, "没有涉及")
    expect(await say(tb, '幫助')).toBe(help);
    expect(await say(tb, '進度')).toBe(progress);
  });

  it('asks what a message that only announces a question is about, through the router too', async () => {
    // 请问 routes to 提问 (请 + its alias 问) with nothing after it; old code: "没有涉及"
    for (const text of ['请问', '@党建助手 帮我看看', '请问？']) {
      const reply = await say(tb, text);
      expect(reply, text).toContain('请问您想了解什么');
      expect(reply, text).not.toContain('没有涉及');
    }
  });

  it('suggests the command for a near miss without a slash', async () => {
    const text = await say(tb, '进渡');
    expect(text).toContain('您是不是想用');
    expect(text).toContain('**进度**');
  });
});

describe('deadlines after the campaign', () => {
  it('say that the submission deadline has passed', () => {
    const text = answered('总结交到哪', at('2026-12-02')).reply.markdown;
    expect(text).toContain('截止日期（2026年11月15日）已经过了');
    expect(answered('总结交到哪', at('2026-11-10')).reply.markdown).not.toContain('已经过了');
  });
});

describe('questions the notice answers in other words', () => {
  it.each([
    ['9月下旬到10月底主要做什么', 'phase:2'],
    ['11月初要做什么', 'phase:3'],
    ['10月15号这会儿该干嘛', 'phase:2'],
    ['推动事业发展好里面关于章程和制度的那条', 'criterion:9'],
    ['各位好，我们学会支部刚成立不久，想问下条款里对非党员负责人有啥要求', 'criterion:5'],
    ['建事会要成立吗', 'criterion:23'],
    ['发展党员有哪些步骤', 'none'],
    ['学会年检材料什么时候交', 'none'],
    ['标准里对党费有说法没', 'none'],
  ])('%s → %s', (q, key) => {
    expect(refKey(kb().answer(q, NOW).item)).toBe(key);
  });
});

describe('the note of a follow-up the notice has nothing more on', () => {
  it('names every pointed-to item by its title, never by an internal key', () => {
    const a = kb().answer('走基层多久一次', NOW);
    const noted: Answer = { ...a, note: { kind: 'nothing-more', pointers: [{ kind: 'criterion', number: 8 }, { kind: 'section', id: 'submission' }, { kind: 'phase', index: 3 }, { kind: 'standard', index: 2 }] } };
    const markdown = answerReply(kb(), noted, NOW).markdown;
    expect(markdown).toContain('- 第8条：');
    expect(markdown).toContain('- 总结报送：');
    expect(markdown).toMatch(/- 总结提高阶段/u);
    expect(markdown).toMatch(/- 团结凝聚群众好/u);
    expect(markdown).not.toMatch(/section:|phase:|standard:|criterion:/u);
  });
});
