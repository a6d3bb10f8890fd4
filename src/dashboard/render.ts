// The dashboard pages as server-rendered HTML. Every value goes through `html`, so reported
// texts and branch names are escaped; no inline script or style (the CSP forbids both).
import type { Knowledge } from '../knowledge/types.js';
import { halfYearOf } from '../reports/halfyear.js';
import type { PushHealth } from '../push/health.js';
import { labelOf } from '../push/health.js';
import type { Report } from '../store/types.js';
import { inShanghai } from '../time.js';
import { excerpt, oneLine } from '../text.js';
import { assetUrl } from './assets.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import { timelineSvg } from './timeline.js';
import { SORTS, STATUSES, type Light, type Query, type Row, type Selection, type Status } from './view.js';

export interface Download {
  label: string;
  href: string;
  note?: string;
}

export interface PageContext {
  knowledge: Knowledge;
  today: string;
  expiresAt: Date;
  /** `/d/<token>/`, the page's <base>: every link inside the page is relative to it. */
  base: string;
  downloads: readonly Download[];
  /** Signed links to a record's photos (thumbnails), when photos are served. */
  photoSrc?: (r: Report) => string[];
}

export interface CommitteePage extends PageContext {
  selection: Selection;
  query: Query;
  cadenceColumns: ReadonlyArray<{ key: string; name: string }>;
  /** Every branch, for the never-reported list. */
  silent: readonly string[];
  totalBranches: number;
  push: PushHealth;
  recent: readonly Report[];
}

export interface BranchPage extends PageContext {
  row: Row;
  cadenceColumns: ReadonlyArray<{ key: string; name: string }>;
  activities: readonly Report[];
  activitiesTotal: number;
  criterion?: number;
  /** Link back to the committee overview (committee links only). */
  backHref?: string;
}

function layout(title: string, body: SafeHtml, base?: string): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
${base !== undefined ? html`<base href="${base}">` : ''}
<link rel="icon" href="${assetUrl('icon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl('dashboard.css')}">
<script src="${assetUrl('dashboard.js')}" defer></script>
</head>
<body>
${body}
</body>
</html>
`.value;
}

function when(date: Date): string {
  return inShanghai(date).format('YYYY-MM-DD HH:mm');
}

/** Relative to the page's <base>, so the token is written once per page, not in every cell. */
export function branchHref(branch: string, criterion?: number): string {
  return `b/${encodeURIComponent(branch)}${criterion !== undefined ? `?c=${criterion}` : ''}`;
}

function countClass(n: number): string {
  return n === 0 ? 'n0' : n === 1 ? 'n1' : n <= 3 ? 'n2' : 'n3';
}

function lightCell(light: Light | undefined, label: string): SafeHtml {
  if (!light) return html`<td class="silent">—</td>`;
  return html`<td class="light ${light.level}" title="${label}：${light.text}（截至 ${light.until}）">${light.text}</td>`;
}

function header(title: string, subtitle: HtmlValue): SafeHtml {
  return html`<header class="top"><h1>${title}</h1><p>${subtitle}</p></header>`;
}

function timelineSection(ctx: PageContext): SafeHtml {
  const { calendar } = ctx.knowledge;
  const current = calendar.phaseOn(ctx.today);
  const half = halfYearOf(ctx.today);
  return html`<section id="timeline"><h2>活动时间轴</h2>
${timelineSvg(calendar, ctx.today)}
<ol class="phases">${calendar.phases.map(
    (p) =>
      html`<li class="${current?.index === p.index ? 'now' : ''}">${p.name}：${p.start.slice(5)} 至 ${p.end.slice(5)}${current?.index === p.index ? html`<span class="tag">当前</span>` : ''}</li>`,
  )}</ol>
<p class="muted">总结材料（${calendar.submission.form}）于 ${calendar.submission.deadline} 前报${calendar.submission.place}；走基层（附件第7条）每半年至少一次，本期为${half.label}（${half.start.slice(5)} 至 ${half.end.slice(5)}）。</p>
</section>`;
}

function downloadsSection(downloads: readonly Download[]): SafeHtml {
  return html`<section id="downloads" class="downloads"><h2>下载</h2>
${downloads.map((d) => html`<a href="${d.href}" download>${d.label}</a>${d.note ? html`<span class="muted">${d.note}</span>` : ''}`)}
</section>`;
}

function footer(): SafeHtml {
  return html`<footer>链接即凭证，请勿转发到其他群；更换服务器的签名密钥即可让所有已发出的链接失效。<span class="screen"> · 党建助手</span></footer>`;
}

/** Thumbnails shown per record; the count says how many there are in all. */
const THUMBS = 4;

function thumbs(r: Report, photoSrc: PageContext['photoSrc']): SafeHtml | string {
  const srcs = photoSrc && (r.photos?.length ?? 0) > 0 ? photoSrc(r).slice(0, THUMBS) : [];
  if (srcs.length === 0) return '';
  const more = (r.photos?.length ?? 0) - srcs.length;
  return html`<div class="thumbs">${srcs.map((src, i) => html`<a href="${src}" target="_blank" rel="noopener noreferrer"><img src="${src}" alt="#${r.id} 活动照片 ${i + 1}" loading="lazy" width="64" height="64"></a>`)}${more > 0 ? html`<span class="muted">+${more}</span>` : ''}</div>`;
}

function activityItem(r: Report, showBranch: boolean, photoSrc?: PageContext['photoSrc']): SafeHtml {
  const people = r.participants !== undefined ? ` · ${r.participants}人` : '';
  return html`<li class="activity"><div class="meta">${r.date}${showBranch ? html` · <a href="${branchHref(r.branch)}">${r.branch}</a>` : ''} · #${r.id}${people} · ${
    r.criteria.length > 0 ? r.criteria.map((n) => `第${n}条`).join('、') : '未归类'
  } · ${r.reporterName ?? r.reporterId}</div><div class="text">${excerpt(oneLine(r.text), showBranch ? 80 : 400)}</div>${thumbs(r, photoSrc)}</li>`;
}

function pageLink(ctx: CommitteePage, over: Partial<Query>): string {
  const q = { ...ctx.query, ...over };
  const params = new URLSearchParams();
  if (q.standard !== undefined) params.set('standard', String(q.standard));
  if (q.status !== undefined) params.set('status', q.status);
  if (q.sort !== 'status') params.set('sort', q.sort);
  if (q.q !== undefined) params.set('q', q.q);
  if (q.page > 1) params.set('page', String(q.page));
  const s = params.toString();
  return `./${s ? `?${s}` : ''}#branches`;
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

function filters(ctx: CommitteePage): SafeHtml {
  const { query, knowledge } = ctx;
  return html`<form class="filters" method="get" action="./#branches" data-autosubmit>
<label>标准<select name="standard">${option('', '全部六项标准', query.standard === undefined)}${knowledge.standards.map((s) =>
    option(String(s.index), s.name, query.standard === s.index),
  )}</select></label>
<label>状态<select name="status">${option('', '全部状态', query.status === undefined)}${(Object.keys(STATUSES) as Status[]).map((k) =>
    option(k, STATUSES[k], query.status === k),
  )}</select></label>
<label>排序<select name="sort">${(Object.keys(SORTS) as Array<keyof typeof SORTS>).map((k) => option(k, SORTS[k], query.sort === k))}</select></label>
<label>支部<input type="search" name="q" value="${query.q ?? ''}" placeholder="名称关键字" maxlength="50"></label>
<button type="submit">筛选</button>
</form>`;
}

function legend(): SafeHtml {
  return html`<div class="legend"><span>格中数字为记录条数：</span><span><i class="lg n0"></i>0</span><span><i class="lg n1"></i>1</span><span><i class="lg n2"></i>2–3</span><span><i class="lg n3"></i>4+</span><span>· 红灯：临近期限仍未完成；黄灯：尚未完成；绿灯：本期已完成</span></div>`;
}

function matrix(ctx: CommitteePage): SafeHtml {
  const { knowledge, selection, query } = ctx;
  const standards = knowledge.standards.filter((s) => query.standard === undefined || s.index === query.standard);
  const criteria = standards.flatMap((s) => s.criteria);
  const half = halfYearOf(ctx.today);
  const head = html`<thead><tr><th class="branch" rowspan="2" scope="col">支部</th><th rowspan="2" scope="col">走基层<br>${half.label.slice(4)}</th>${ctx.cadenceColumns.map(
    (c) => html`<th rowspan="2" scope="col">${c.name}</th>`,
  )}<th rowspan="2" scope="col">覆盖</th>${standards.map(
    (s) => html`<th class="std" colspan="${s.criteria.length}" scope="colgroup">${s.name}</th>`,
  )}<th rowspan="2" scope="col">最近活动</th></tr>
<tr>${criteria.map((n) => html`<th scope="col" title="第${n}条：${excerpt(oneLine(knowledge.criterion(n)?.text ?? ''), 60)}">${n}</th>`)}</tr></thead>`;
  const body = selection.rows.map((row) => {
    const cells = criteria.map((n) => {
      const count = row.counts[n - 1] ?? 0;
      return html`<td class="cell ${countClass(count)}" data-criterion="${n}"><a href="${branchHref(row.branch, n)}">${count === 0 ? '·' : count}</a></td>`;
    });
    return html`<tr data-status="${row.status}"><th class="branch" scope="row"><a href="${branchHref(row.branch)}" title="${row.branch}">${row.branch}</a></th>${
      row.status === 'silent' ? html`<td class="light red" title="从未上报">从未上报</td>` : lightCell(row.grassroots, '走基层')
    }${ctx.cadenceColumns.map((c) => lightCell(row.cadence.get(c.key), c.name))}<td class="num">${row.covered}/25</td>${cells}<td class="num">${row.lastDate ?? '—'}</td></tr>`;
  });
  return html`<div class="scroll"><table class="matrix">${head}<tbody>${body}</tbody></table></div>`;
}

function pager(ctx: CommitteePage): SafeHtml {
  const { selection } = ctx;
  if (selection.pages <= 1) return html``;
  return html`<nav class="pager" aria-label="翻页">${selection.page > 1 ? html`<a href="${pageLink(ctx, { page: selection.page - 1 })}">上一页</a>` : ''}<span>第 ${selection.page}/${selection.pages} 页</span>${
    selection.page < selection.pages ? html`<a href="${pageLink(ctx, { page: selection.page + 1 })}">下一页</a>` : ''
  }</nav>`;
}

function tile(kind: string, label: string, n: number, href: string): SafeHtml {
  return html`<a class="tile ${kind}" href="${href}"><b>${n}</b>${label}</a>`;
}

export function committeePage(ctx: CommitteePage): string {
  const { selection, push } = ctx;
  const counts = selection.counts;
  const statusHref = (status: Status): string => pageLink(ctx, { status, page: 1 });
  const body = html`${header('“双强六好”工作看板', html`科技社团党委 · 共 ${ctx.totalBranches} 个支部 · 数据截至 ${ctx.today} · 链接有效至 ${when(ctx.expiresAt)} <button class="print" type="button" data-print hidden>打印</button>`)}
<nav class="sections"><a href="#timeline">时间轴</a><a href="#branches">各支部</a><a href="#silent">从未上报</a><a href="#push">推送失效</a><a href="#recent">最近动态</a><a href="#downloads">下载</a></nav>
<main>
${timelineSection(ctx)}
<section id="overview"><h2>总体情况</h2><div class="tiles">
${tile('red', '红灯', counts.red, statusHref('red'))}${tile('amber', '黄灯', counts.amber, statusHref('amber'))}${tile('green', '绿灯', counts.green, statusHref('green'))}${tile('silent', '从未上报', counts.silent, statusHref('silent'))}${tile('dead', '推送失效', push.dead.length, '#push')}
</div></section>
<section id="branches"><h2>各支部情况 <span class="muted">（${selection.matching} 个${selection.matching !== ctx.totalBranches ? `，共 ${ctx.totalBranches} 个` : ''}）</span></h2>
${filters(ctx)}
${legend()}
${selection.rows.length > 0 ? matrix(ctx) : html`<p class="muted">没有符合条件的支部。</p>`}
${pager(ctx)}
</section>
<section id="silent"><h2>从未上报 <span class="muted">（${ctx.silent.length}）</span></h2>
${ctx.silent.length > 0 ? html`<ul class="names">${ctx.silent.map((b) => html`<li><a href="${branchHref(b)}">${b}</a></li>`)}</ul>` : html`<p class="muted">每个支部都已上报过活动。</p>`}
</section>
<section id="push"><h2>推送失效 <span class="muted">（${push.dead.length}）</span></h2>
${
  push.dead.length > 0
    ? html`<ul class="plain">${push.dead.map(
        ({ binding, record }) => html`<li>${labelOf(binding)}：${record.dead.reason}<span class="muted">（${record.dead.at.slice(0, 10)}）</span></li>`,
      )}</ul><p class="muted">提醒发不出去：请管理员在该群发送“推送 &lt;新地址&gt;”。</p>`
    : html`<p class="muted">没有失效的推送通道。</p>`
}
${push.missing.length > 0 ? html`<p class="muted">未设置推送（${push.missing.length}）：${push.missing.map(labelOf).join('、')}</p>` : ''}
</section>
<section id="recent"><h2>最近动态</h2>
${ctx.recent.length > 0 ? html`<ul class="plain">${ctx.recent.map((r) => activityItem(r, true, ctx.photoSrc))}</ul>` : html`<p class="muted">还没有任何上报记录。</p>`}
</section>
${downloadsSection(ctx.downloads)}
</main>
${footer()}`;
  return layout('“双强六好”工作看板', body, ctx.base);
}

export function branchPage(ctx: BranchPage): string {
  const { row, knowledge, criterion } = ctx;
  const half = halfYearOf(ctx.today);
  const selected = criterion !== undefined ? knowledge.criterion(criterion) : undefined;
  // Opened from a matrix cell: the activities asked for come first.
  const activitiesSection = html`<section id="activities"><h2>${selected ? `第${selected.number}条的活动记录` : '活动记录'} <span class="muted">（${ctx.activitiesTotal} 条${ctx.activities.length < ctx.activitiesTotal ? `，显示最近 ${ctx.activities.length} 条` : ''}）</span></h2>
${selected ? html`<p class="muted">${selected.text} <a href="${branchHref(row.branch)}#activities">显示全部记录</a></p>` : ''}
${ctx.activities.length > 0 ? html`<ul class="plain">${ctx.activities.map((r) => activityItem(r, false, ctx.photoSrc))}</ul>` : html`<p class="muted">${selected ? '这一条还没有记录。' : '还没有上报记录。'}</p>`}
</section>`;
  const body = html`${header(`${row.branch} · “双强六好”进度`, html`数据截至 ${ctx.today} · 共 ${row.total} 条记录，覆盖 ${row.covered}/25 条二级标准 · 链接有效至 ${when(ctx.expiresAt)} <button class="print" type="button" data-print hidden>打印</button>`)}
<nav class="sections">${ctx.backHref ? html`<a href="${ctx.backHref}">← 全部支部</a>` : ''}<a href="#timeline">时间轴</a><a href="#standing">本期状态</a><a href="#criteria">六好标准</a><a href="#activities">活动记录</a><a href="#downloads">下载</a></nav>
<main>
${criterion !== undefined ? activitiesSection : ''}
${timelineSection(ctx)}
<section id="standing"><h2>本期状态</h2><div class="lights">
${row.total === 0 ? html`<span class="light red">从未上报</span>` : ''}
<span class="light ${row.grassroots.level}">走基层（${half.label}）：${row.grassroots.text}，截至 ${row.grassroots.until}</span>
${ctx.cadenceColumns.map((c) => {
  const light = row.cadence.get(c.key);
  return light ? html`<span class="light ${light.level}">${c.name}：${light.text}，截至 ${light.until}</span>` : '';
})}
</div></section>
<section id="criteria"><h2>对照六好标准</h2>
${knowledge.standards.map((s) => {
  const done = s.criteria.filter((n) => (row.counts[n - 1] ?? 0) > 0).length;
  return html`<h3>${s.name} <span class="muted">（${done}/${s.criteria.length}）</span></h3><ul class="criteria">${s.criteria.map((n) => {
    const count = row.counts[n - 1] ?? 0;
    return html`<li class="${criterion === n ? 'current' : ''}"><span class="count ${countClass(count)}">${count}次</span><a href="${branchHref(row.branch, n)}">第${n}条</a><span class="muted">${excerpt(oneLine(knowledge.criterion(n)?.text ?? ''), 36)}</span></li>`;
  })}</ul>`;
})}
</section>
${criterion === undefined ? activitiesSection : ''}
${downloadsSection(ctx.downloads)}
</main>
${footer()}`;
  return layout(`${row.branch} · “双强六好”进度`, body, ctx.base);
}

/** A refusal or failure page, in Chinese. */
export function messagePage(title: string, message: string): string {
  return layout(title, html`<main><section class="error"><h1>${title}</h1><p>${message}</p></section></main>`);
}
