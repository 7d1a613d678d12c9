// The archive page's only stylesheet, inlined. The page's Content-Security-Policy allows
// exactly this stylesheet by its SHA-256 hash instead of 'unsafe-inline', so even markup that
// slipped past escaping could not add styles; no other source of anything is allowed.

import { createHash } from 'node:crypto';

export const ARCHIVE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #faf9f7; --fg: #1f2328; --muted: #59636e; --rule: #d8dee4;
  --card: #ffffff; --answer: #f2f6fb; --accent: #0a58ca; --code: #eff1f3; --spoiler: #3d444d;
  --asked: #b9c7d8;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115; --fg: #e6e8eb; --muted: #9aa4b1; --rule: #2f353d;
    --card: #171a1f; --answer: #1d2430; --accent: #79b0ff; --code: #262b33; --spoiler: #c9d1d9;
    --asked: #3a4657;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: break-word;
}
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
a { color: var(--accent); }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2.5rem 0 1rem; }
.kicker { margin: 0; color: var(--muted); font-size: .875rem; letter-spacing: .08em; text-transform: uppercase; }
.person { margin: 0 0 .5rem; }
.person .name { font-weight: 650; }
.person .title-line { display: block; color: var(--muted); font-size: .9375rem; }
.host { margin-bottom: 1.5rem; }
.facts { color: var(--muted); border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); padding: .75rem 0; margin: 1.5rem 0; }
.facts p { margin: .25rem 0; }
.facts .count { color: var(--fg); font-weight: 650; }
nav ol { padding-left: 0; list-style: none; }
nav li { margin: .4rem 0; }
nav .toc-number { font-weight: 650; margin-right: .35rem; }
nav .toc-asker { color: var(--muted); }
.qa { background: var(--card); border: 1px solid var(--rule); border-radius: 12px; padding: 1.25rem; margin: 1.5rem 0; scroll-margin-top: 1rem; }
.qa h2 { margin: 0 0 .75rem; font-size: 1rem; }
.qa h2 a { color: var(--muted); text-decoration: none; }
.qa h2 a:hover, .qa h2 a:focus { text-decoration: underline; }
.qa h2 .votes { color: var(--muted); font-weight: 400; font-size: .875rem; margin-left: .35rem; }
.activity { margin: 1.5rem 0; }
.activity figcaption { color: var(--muted); font-size: .875rem; margin-bottom: .5rem; }
.activity svg { display: block; width: 100%; height: 7rem; }
.activity rect.asked, .legend .asked { fill: var(--asked); background: var(--asked); }
.activity rect.answered, .legend .answered { fill: var(--accent); background: var(--accent); }
.activity .baseline { stroke: var(--rule); stroke-width: 2; }
.chart-axis { display: flex; justify-content: space-between; gap: 1rem; margin: .25rem 0 0; color: var(--muted); font-size: .75rem; }
.legend { margin: .25rem 0 0; color: var(--muted); font-size: .8125rem; }
.legend .swatch { display: inline-block; width: .75rem; height: .75rem; border-radius: 2px; margin: 0 .3rem 0 .5rem; vertical-align: -.05rem; }
.legend .swatch:first-child { margin-left: 0; }
.answer { background: var(--answer); border-radius: 10px; padding: 1rem; margin-top: 1rem; }
.text > :first-child { margin-top: .5rem; }
.text > :last-child { margin-bottom: 0; }
.text h3, .text h4, .text h5, .text h6 { font-size: 1rem; margin: 1rem 0 .5rem; }
blockquote { margin: .75rem 0; padding-left: .9rem; border-left: 3px solid var(--rule); color: var(--muted); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; background: var(--code); border-radius: 4px; }
code { padding: .1em .3em; }
pre { padding: .75rem; overflow-x: auto; }
pre code { padding: 0; background: none; }
.spoiler { background: var(--spoiler); color: transparent; border-radius: 4px; cursor: pointer; transition: color .15s; }
.spoiler:not(:hover):not(:focus-within) * { color: transparent; background: transparent; }
.spoiler:hover, .spoiler:focus-within { background: var(--code); color: inherit; }
footer { margin-top: 3rem; color: var(--muted); font-size: .875rem; }
@media (max-width: 480px) {
  main { padding: 1rem .75rem 3rem; }
  h1 { font-size: 1.45rem; }
  .qa { padding: 1rem; border-radius: 10px; }
  .answer { padding: .75rem; }
}
@media print {
  .qa, .answer { break-inside: avoid; }
  .spoiler { color: inherit; background: none; }
}
`;

/** The CSP source that allows ARCHIVE_CSS and nothing else: "'sha256-…'". */
export const ARCHIVE_CSS_SOURCE = `'sha256-${createHash('sha256').update(ARCHIVE_CSS, 'utf8').digest('base64')}'`;
