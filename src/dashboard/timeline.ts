// The campaign timeline as inline SVG: the whole year with its two 走基层 half-years, and the
// campaign months with the three phases and the paper deadline; today is marked on both.
import type { CampaignCalendar } from '../knowledge/types.js';
import { daysBetween, isoDate } from '../time.js';
import { html, type SafeHtml } from './html.js';

const W = 360;
const LEFT = 8;
const RIGHT = W - 8;
const CIRCLED = ['①', '②', '③', '④', '⑤'];

function scale(start: string, end: string): (date: string) => number {
  const span = Math.max(1, daysBetween(start, end) + 1);
  return (date) => Math.round((LEFT + (daysBetween(start, date) / span) * (RIGHT - LEFT)) * 10) / 10;
}

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function todayMark(x: number, top: number, bottom: number): SafeHtml {
  return html`<g class="tl-today"><line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"/><text x="${x}" y="${top - 2}" text-anchor="middle">今天</text></g>`;
}

export function timelineSvg(calendar: CampaignCalendar, today: string): SafeHtml {
  const { year, phases, submission } = calendar;
  const first = phases[0];
  const last = phases[phases.length - 1];
  if (!first || !last) return html``;
  const yearStart = isoDate(year, 1, 1);
  const yearEnd = isoDate(year, 12, 31);
  const yx = scale(yearStart, yearEnd);
  const mid = isoDate(year, 7, 1);

  const zoomStart = `${first.start.slice(0, 7)}-01`;
  const endMonth = Number((submission.deadline > last.end ? submission.deadline : last.end).slice(5, 7));
  const zoomEnd = lastDayOfMonth(year, endMonth);
  const zx = scale(zoomStart, zoomEnd);

  const months = Array.from({ length: 12 }, (_, i) => isoDate(year, i + 1, 1));
  const zoomMonths = months.filter((m) => m >= zoomStart && m <= zoomEnd);
  const inYear = today >= yearStart && today <= yearEnd;
  const inZoom = today >= zoomStart && today <= zoomEnd;

  return html`<svg class="timeline" viewBox="0 0 ${W} 156" role="img" aria-labelledby="tl-title">
<title id="tl-title">${year}年活动时间轴：三个阶段、纸质版截止日、上下半年走基层，今天 ${today}</title>
<text class="tl-caption" x="${LEFT}" y="13">${year}年全年 · 走基层每半年至少一次</text>
<rect class="tl-half h1" x="${yx(yearStart)}" y="22" width="${yx(mid) - yx(yearStart)}" height="18"/>
<rect class="tl-half h2" x="${yx(mid)}" y="22" width="${RIGHT - yx(mid)}" height="18"/>
<text class="tl-label" x="${(yx(yearStart) + yx(mid)) / 2}" y="35" text-anchor="middle">上半年</text>
<text class="tl-label" x="${(yx(mid) + RIGHT) / 2}" y="35" text-anchor="middle">下半年</text>
<rect class="tl-window" x="${yx(first.start)}" y="20" width="${yx(last.end) - yx(first.start)}" height="22"/>
${months.map((m, i) => html`<text class="tl-tick" x="${yx(m) + 1}" y="54">${i === 0 ? '1月' : i + 1}</text>`)}
${inYear ? todayMark(yx(today), 22, 42) : ''}
<text class="tl-caption" x="${LEFT}" y="78">活动期 · ${first.start.slice(5)} 至 ${last.end.slice(5)}</text>
${phases.map(
  (p, i) => html`<rect class="tl-phase p${i + 1}" x="${zx(p.start)}" y="88" width="${zx(p.end) - zx(p.start) + (RIGHT - LEFT) / (daysBetween(zoomStart, zoomEnd) + 1)}" height="22"><title>${p.name} ${p.start} 至 ${p.end}</title></rect>
<text class="tl-phase-label" x="${(zx(p.start) + zx(p.end)) / 2}" y="103" text-anchor="middle">${CIRCLED[i] ?? String(i + 1)}</text>`,
)}
<g class="tl-deadline"><line x1="${zx(submission.deadline)}" y1="84" x2="${zx(submission.deadline)}" y2="116"/><text x="${zx(submission.deadline)}" y="130" text-anchor="middle">${submission.deadline.slice(5)} 纸质版截止</text></g>
${zoomMonths.map((m) => html`<text class="tl-tick" x="${zx(m) + 1}" y="150">${Number(m.slice(5, 7))}月</text>`)}
${inZoom ? todayMark(zx(today), 88, 110) : ''}
</svg>`;
}
