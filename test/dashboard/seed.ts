// Demo data for the dashboard's browser tests and screenshots: a dozen branches in various states,
// bound groups, one dead push channel. Everything is written through the real store.
import { meetingKindOf } from '../../src/knowledge/activity.js';
import type { Store } from '../../src/store/types.js';

export const TODAY = '2026-11-05';
/** 2026-11-05 10:00 in Shanghai. */
export const NOW = new Date('2026-11-05T02:00:00Z');

interface Seed {
  branch: string;
  /** [date, criteria, participants, text] */
  reports: Array<[string, number[], number | undefined, string]>;
  deadPush?: boolean;
}

const SEEDS: Seed[] = [
  {
    branch: '省化学会党支部',
    reports: [
      ['2026-07-12', [7], 8, '组织8名党员到太原化工企业开展走基层服务，调研技术需求'],
      ['2026-09-15', [1, 2], 12, '召开“双强六好”动员部署会，传达科技社团党委通知'],
      ['2026-09-28', [3, 22], 11, '召开支部党员大会，书记讲党课《学习党章 遵守党章》'],
      ['2026-10-10', [5], 9, '邀请学会非党员理事长参加主题党日活动'],
      ['2026-10-20', [10, 11], 30, '举办青年化学科技工作者学术沙龙'],
      ['2026-10-26', [24], 10, '开展廉政文化教育，观看警示教育片'],
      ['2026-11-02', [7], 6, '赴吕梁扶贫点开展科普服务'],
      ['2026-11-03', [3, 22], 5, '召开支部委员会会议，研究发展党员工作'],
    ],
  },
  {
    branch: '省物理学会党支部',
    reports: [
      ['2026-09-18', [1], 10, '传达学习上级党组织决定'],
      ['2026-10-09', [3], 9, '支部委员会学习习近平新时代中国特色社会主义思想'],
      ['2026-10-15', [14, 15], 40, '举办物理学科普进校园活动'],
    ],
  },
  {
    branch: '省医学会党支部',
    reports: [
      ['2026-03-20', [7], 15, '组织医疗专家到基层卫生院义诊'],
      ['2026-09-12', [2], 14, '实施党建强会计划，制定工作方案'],
      ['2026-09-25', [3, 22], 14, '支部党员大会，专题学习党章'],
      ['2026-10-05', [6], 14, '党员医生带头参加抗疫志愿服务'],
      ['2026-10-18', [16, 17], 50, '举办青年医师培训班'],
      ['2026-10-22', [18, 19], 20, '表彰优秀科技工作者'],
      ['2026-10-30', [20, 21], 14, '完善支部阵地建设，规范组织生活'],
      ['2026-10-15', [3, 22], 14, '书记为全体党员讲党课'],
    ],
    deadPush: true,
  },
  {
    branch: '省农学会党支部',
    reports: [
      ['2026-08-02', [7], 12, '到晋中农业合作社开展技术服务'],
      ['2026-09-20', [1, 4], 8, '书记与理事长沟通工作，共同部署活动'],
      ['2026-10-12', [8, 9], 8, '修订学会章程，将党建工作写入章程'],
      ['2026-10-28', [12, 13], 25, '组织科技工作者建言献策'],
    ],
  },
  { branch: '省计算机学会党支部', reports: [['2026-10-08', [10], 20, '举办人工智能学术交流会']] },
  {
    branch: '省地质学会党支部',
    reports: [
      ['2026-07-20', [7], 9, '赴矿区开展走基层调研'],
      ['2026-09-30', [3], 9, '按期召开“三会一课”'],
      ['2026-10-16', [23, 25], 9, '开展先进文化建设主题活动'],
    ],
  },
  { branch: '省林学会党支部', reports: [] },
  { branch: '省气象学会党支部', reports: [] },
  {
    branch: '省机械工程学会党支部',
    reports: [
      ['2026-09-22', [2, 3], 13, '支部学习计划制定并按期开展学习'],
      ['2026-10-25', [11], 60, '举办智能制造学术年会'],
    ],
  },
  {
    branch: '省水利学会党支部',
    reports: [
      ['2026-07-05', [7], 10, '赴汾河治理工地走基层'],
      ['2026-10-01', [1, 2, 3], 10, '国庆主题党日，重温入党誓词'],
    ],
  },
];

let seq = 0;

export async function seedDemo(store: Store, extra: Seed[] = []): Promise<void> {
  for (const seed of [...SEEDS, ...extra]) {
    const group = { platform: 'wecom' as const, conversationId: `demo-${seed.branch}` };
    await store.setBinding({ group, target: { kind: 'branch', branch: seed.branch }, groupTitle: `${seed.branch}工作群`, boundBy: 'seed', boundAt: '2026-09-01T00:00:00Z' });
    await store.setPushChannel(group, { channel: { kind: 'wecom-webhook', url: 'http://127.0.0.1:9/webhook' }, setBy: 'auto', setAt: '2026-09-01T00:00:00Z' });
    if (seed.deadPush) await store.markPushChannelDead(group, '机器人地址已失效（errcode 93000）', '2026-11-01T01:00:00Z');
    for (const [date, criteria, participants, text] of seed.reports) {
      seq += 1;
      // The 三会一课 kind as 上报 reads it from the text (parseReport).
      const meeting = meetingKindOf(text);
      await store.addReport({
        branch: seed.branch,
        reporterId: `sec-${seq % 5}`,
        reporterName: ['王书记', '李委员', '张干事', '赵秘书', '刘组织委员'][seq % 5] ?? '书记',
        group,
        messageId: `seed-${seq}-${Math.random().toString(36).slice(2)}`,
        receivedAt: `${date}T04:00:00Z`,
        date,
        criteria,
        text,
        ...(participants !== undefined ? { participants } : {}),
        ...(meeting !== undefined ? { meeting } : {}),
      });
    }
  }
}

export type { Seed };
