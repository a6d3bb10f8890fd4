import { describe, expect, it } from 'vitest';
import { kb, readFixture } from './support.js';

interface LabelledActivity {
  text: string;
  criteria: number[];
}
const { activities } = JSON.parse(readFixture('activities.json')) as { activities: LabelledActivity[] };

describe('classifyActivity', () => {
  it.each([
    ['组织党员到企业开展走基层服务', [7]],
    ['赴扶贫地区开展科技服务', [7]],
    ['召开三会一课', [3, 22]],
    ['书记讲党课', [3, 22]],
    ['召开组织生活会', [3, 22]],
    ['召开支部大会', [3, 22]],
    ['开展反腐倡廉警示教育', [24]],
    ['组织廉政文化活动', [24]],
    ['参加科协运动会', [11]],
    ['组织合唱比赛', [11]],
    ['开展不忘初心主题教育', [12]],
    ['开展民主评议党员', [22]],
    ['组织党员学习党章', [3]],
    ['参加学风建设宣讲报告会', [16]],
    ['开展全国科技工作者日活动', [15]],
    ['学会完成换届选举', [18]],
    ['成立监事会', [23]],
  ])('%s → %j', (text, expected) => {
    expect(kb().classifyActivity(text)).toEqual(expected);
  });

  it.each(['今天天气不错', '大家好', '收到', '', '明天上午开会吗？', '本月没有开展走基层活动', '组织大家聚餐'])(
    'gives no criterion for %j',
    (text) => {
      expect(kb().classifyActivity(text)).toEqual([]);
    },
  );

  it('returns criteria ascending and without duplicates', () => {
    const got = kb().classifyActivity('组织党员到扶贫村讲党课，并开展廉政警示教育和民主评议');
    expect(got).toEqual([3, 7, 22, 24]);
  });

  it('classifies the labelled report texts (≥ 90% exact sets, never a criterion for non-activities)', () => {
    expect(activities.length).toBeGreaterThanOrEqual(60);
    const misses: string[] = [];
    let right = 0;
    for (const a of activities) {
      const got = kb().classifyActivity(a.text);
      if (JSON.stringify(got) === JSON.stringify(a.criteria)) right++;
      else misses.push(`${a.text} → ${JSON.stringify(got)}, expected ${JSON.stringify(a.criteria)}`);
      if (a.criteria.length === 0) expect(got, a.text).toEqual([]);
    }
    const accuracy = right / activities.length;
    expect(accuracy, `misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.9);
  });
});
