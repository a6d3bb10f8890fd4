// What each phase asks of a branch, shortened from the notice's 三、方法步骤 for a chat message,
// with an example report that 上报 understands. The notice's own text is the fallback.
import type { CampaignCalendar, Phase } from '../src/knowledge/types.js';
import { addDays } from '../src/time.js';
import { excerpt, monthDay } from '../src/text.js';

export function whatToDo(phase: Phase, calendar: CampaignCalendar): string[] {
  const s = calendar.submission;
  switch (phase.name) {
    case '动员部署阶段':
      return ['现在要做：对照文件细化工作目标，制定切实可行的工作方案；及时召开动员部署会。'];
    case '组织实施阶段':
      return ['现在要做：对照“双强六好”标准明确目标、制定具体举措，开展形式多样的党建活动。', '每开展一次活动就上报一次；发送“进度”查看本支部还缺哪几条。'];
    case '总结提高阶段':
      return [
        '现在要做：认真总结开展情况和工作成效，分析问题不足，制定整改措施，建立长效机制。',
        `总结情况（${s.form}）于 ${monthDay(s.deadline)}前报${s.place}。`,
      ];
    default:
      return [`现在要做：${excerpt(phase.tasks, 60)}`];
  }
}

/** How to act, ending the message; each example is one that 上报 records as it stands. */
export function reportExample(phase: Phase): string {
  const day = monthDay(addDays(phase.start, 2));
  switch (phase.name) {
    case '动员部署阶段':
      return `完成后发送：上报 <日期> <做了什么> <人数>，例如：上报 ${day} 第2条 召开动员部署会 15人参加`;
    case '总结提高阶段':
      return `发送“总结”生成本支部工作总结草稿；开展活动后照常上报，例如：上报 ${day} 召开总结会 开展党性分析 10人参加`;
    default:
      return `完成后发送：上报 <日期> <活动内容> <人数>，例如：上报 ${day} 组织12名党员开展主题教育活动`;
  }
}
