// The page's stylesheet, script and icon, served by the bot itself (no CDN; many offices block
// them). Kept as strings so that the compiled server carries them without a copy step.
import { createHash } from 'node:crypto';

const css = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#f6f8fa;--red:#c62828;--red-bg:#fde7e7;--amber:#9a6700;--amber-bg:#fff4d6;--green:#1a7f37;--green-bg:#e3f6e8;--party:#b71c1c;--c0:#f0f2f4;--c1:#cfe3f7;--c2:#7fb2e5;--c3:#2a6fbb}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei","Source Han Sans SC",sans-serif;color:var(--ink);background:var(--bg);font-size:15px;line-height:1.5}
a{color:#0b5cad}
header.top{background:var(--party);color:#fff;padding:12px 14px}
header.top h1{margin:0;font-size:19px;line-height:1.3}
header.top p{margin:4px 0 0;font-size:13px;opacity:.92}
header.top a{color:#fff}
nav.sections{display:flex;flex-wrap:wrap;gap:4px 12px;padding:8px 14px;background:#fff;border-bottom:1px solid var(--line);font-size:14px}
main{padding:10px;max-width:1400px;margin:0 auto}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:0 0 12px}
h2{font-size:17px;margin:0 0 8px}
h3{font-size:15px;margin:12px 0 4px}
.muted{color:var(--muted);font-size:13px}
.timeline{width:100%;max-width:560px;height:auto;display:block}
.timeline text{font-family:inherit;font-size:12px;fill:var(--ink)}
.timeline .tl-caption{font-size:13px;font-weight:bold}
.timeline .tl-tick{fill:var(--muted);font-size:11px}
.tl-half.h1{fill:#e8eef6}.tl-half.h2{fill:#dbe6f3}
.tl-window{fill:none;stroke:var(--party);stroke-width:1.5}
.tl-phase.p1{fill:#f6c9c9}.tl-phase.p2{fill:#ef9a9a}.tl-phase.p3{fill:#e57373}
.timeline .tl-phase-label{font-size:12px;font-weight:bold}
.tl-deadline line{stroke:var(--ink);stroke-width:1.5;stroke-dasharray:3 2}
.tl-today line{stroke:#0b5cad;stroke-width:2.5}
.timeline .tl-today text{fill:#0b5cad;font-weight:bold;font-size:12px}
ol.phases{margin:6px 0 0;padding-left:20px;font-size:14px}
ol.phases li.now{font-weight:bold}
.tag{display:inline-block;border-radius:4px;padding:0 5px;font-size:12px;font-weight:normal;margin-left:4px;background:#0b5cad;color:#fff}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(96px,1fr));gap:8px}
.tile{display:block;border-radius:8px;padding:8px;text-decoration:none;color:var(--ink);border:1px solid var(--line)}
.tile b{display:block;font-size:22px;line-height:1.2}
.tile.red{background:var(--red-bg);border-color:#f3b5b5}.tile.amber{background:var(--amber-bg);border-color:#f0d999}.tile.green{background:var(--green-bg);border-color:#aadbb8}.tile.silent{background:var(--c0)}.tile.dead{background:#fff}
form.filters{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:flex-end;margin:0 0 8px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
form.filters select,form.filters input,form.filters button,button.print{font:inherit;font-size:14px;padding:5px 6px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink);min-height:34px}
form.filters input{width:9em}
form.filters button{background:var(--party);color:#fff;border-color:var(--party)}
.legend{display:flex;flex-wrap:wrap;gap:4px 10px;font-size:12px;color:var(--muted);margin:0 0 6px;align-items:center}
.legend i{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:3px;border:1px solid var(--line)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px}
table.matrix{border-collapse:separate;border-spacing:0;font-size:13px;min-width:100%}
.matrix th,.matrix td{border-bottom:1px solid var(--line);border-right:1px solid var(--line);padding:0;text-align:center;white-space:nowrap}
.matrix thead th{background:#f3f4f6;font-weight:600;padding:3px 2px;font-size:12px}
.matrix thead th.std{white-space:normal;min-width:60px;line-height:1.2}
.matrix th.branch{position:sticky;left:0;z-index:1;background:#fff;text-align:left;padding:4px 6px;max-width:7.5em;overflow:hidden;text-overflow:ellipsis;font-weight:normal}
.matrix thead th.branch{background:#f3f4f6;z-index:2}
.matrix td.cell a{display:block;min-width:26px;height:28px;line-height:28px;text-decoration:none;color:var(--ink)}
.matrix td.n0{background:var(--c0)}.matrix td.n0 a{color:#9aa4ae}
.matrix td.n1{background:var(--c1)}.matrix td.n2{background:var(--c2)}.matrix td.n3{background:var(--c3)}.matrix td.n3 a{color:#fff}
.matrix td.num{padding:0 6px}
.light{padding:0 6px;font-size:12px}
.light.red{background:var(--red-bg);color:var(--red)}.light.amber{background:var(--amber-bg);color:var(--amber)}.light.green{background:var(--green-bg);color:var(--green)}
.light::before{content:"";display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:4px;vertical-align:0;background:currentColor}
td.silent{color:var(--muted);font-size:12px}
.pager{display:flex;gap:10px;align-items:center;margin:8px 0 0;font-size:14px;flex-wrap:wrap}
ul.plain{list-style:none;margin:0;padding:0}
ul.plain li{padding:6px 0;border-bottom:1px solid var(--line)}
ul.plain li:last-child{border-bottom:0}
.activity .meta{font-size:12px;color:var(--muted)}
.activity .text{overflow-wrap:anywhere}
.thumbs{display:flex;gap:4px;margin-top:4px}.thumbs img{width:64px;height:64px;object-fit:cover;border-radius:4px;border:1px solid var(--line)}
ul.names{display:flex;flex-wrap:wrap;gap:4px 12px;list-style:none;padding:0;margin:0}
ul.criteria{list-style:none;padding:0;margin:0}
ul.criteria li{display:flex;gap:6px;align-items:baseline;padding:3px 0}
ul.criteria .count{flex:none;min-width:2.4em;text-align:center;border-radius:4px;font-size:12px;padding:1px 4px}
ul.criteria .count.n0{background:var(--c0);color:#9aa4ae}ul.criteria .count.n1{background:var(--c1)}ul.criteria .count.n2{background:var(--c2)}ul.criteria .count.n3{background:var(--c3);color:#fff}
ul.criteria li.current{background:#fff8e1}
ul.criteria a{flex:none;white-space:nowrap}
.legend i.n0{background:var(--c0)}.legend i.n1{background:var(--c1)}.legend i.n2{background:var(--c2)}.legend i.n3{background:var(--c3)}
.lights{display:flex;flex-wrap:wrap;gap:6px}
.lights .light{border-radius:6px;padding:6px 8px;font-size:14px}
.downloads a{display:inline-block;margin:0 12px 6px 0}
footer{padding:8px 14px 24px;font-size:12px;color:var(--muted);text-align:center}
.error{max-width:560px;margin:40px auto;text-align:center}
.error h1{color:var(--party);font-size:20px}
button.print[hidden]{display:none}
@media (min-width:900px){.matrix th.branch{max-width:12em}main{padding:16px}header.top h1{font-size:22px}}
@media print{
  @page{size:A4 landscape;margin:10mm}
  body{background:#fff;font-size:11px}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  nav.sections,form.filters,.pager,button.print,.downloads,footer .screen{display:none}
  header.top{background:#fff;color:#000;border-bottom:2px solid var(--party);padding:0 0 6px}
  header.top a{color:#000}
  section{border:0;padding:0;margin:0 0 10px;break-inside:avoid-page}
  .scroll{overflow:visible;border:0}
  .matrix th.branch{position:static}
  .matrix td.cell a{min-width:16px;height:18px;line-height:18px}
  a{color:inherit;text-decoration:none}
}
`;

const js = `// Progressive enhancement only: every link and form works without this file.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('form[data-autosubmit]').forEach(function (form) {
    form.querySelectorAll('select').forEach(function (select) {
      select.addEventListener('change', function () {
        if (typeof form.requestSubmit === 'function') form.requestSubmit();
        else form.submit();
      });
    });
  });
  document.querySelectorAll('button[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
});
`;

const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b71c1c"/><path d="M9 22l7-12 7 12z" fill="#ffd54f"/></svg>`;

export interface Asset {
  body: string;
  type: string;
  etag: string;
}

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

export const assets: Readonly<Record<string, Asset>> = {
  'dashboard.css': asset(css, 'text/css; charset=utf-8'),
  'dashboard.js': asset(js, 'text/javascript; charset=utf-8'),
  'icon.svg': asset(icon, 'image/svg+xml'),
};

/** `/d/assets/dashboard.css?v=…`: the version changes with the content, so it can be cached long. */
export function assetUrl(name: keyof typeof assets & string): string {
  const a = assets[name];
  return `/d/assets/${name}?v=${a ? a.etag.slice(1, 9) : '0'}`;
}
