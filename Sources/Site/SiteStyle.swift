/// `style.css`: system fonts only (no web fonts, no network), light and dark themes through
/// `prefers-color-scheme`, a sidebar layout that stacks at phone width, and the classes used by
/// the highlighter (`hl-*`), the displays and the cells.
enum SiteStyle {
    static let css = #"""
/* Vectorbook site style. No external resources. */
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --surface: #f6f8fa;
  --accent: #0a58b5; --ok: #1a7f37; --bad: #c3261d; --bad-bg: #fff0ee; --challenge: #7343b8;
  --challenge-bg: #f5f0ff; --notice-bg: #fff8e1;
  --hl-kw: #a0228f; --hl-type: #0b6a8f; --hl-str: #a33a00; --hl-num: #8a5a00; --hl-com: #6a737d;
  --hl-id: #1f2328; --hl-op: #4b5563; --hl-attr: #8250df; --hl-label: #3d5a80;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --fg: #e3e6ea; --muted: #9aa4ae; --border: #313a44; --surface: #171d24;
    --accent: #6cb2ff; --ok: #4ac26b; --bad: #ff7b72; --bad-bg: #2a1616; --challenge: #c3a3ff;
    --challenge-bg: #221a33; --notice-bg: #2b2410;
    --hl-kw: #f08dd9; --hl-type: #6fd3f0; --hl-str: #f5a97f; --hl-num: #f2cc60; --hl-com: #8b949e;
    --hl-id: #e3e6ea; --hl-op: #c0c7cf; --hl-attr: #d2a8ff; --hl-label: #a5c8ff;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 1.0625rem/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
a { color: var(--accent); }
a:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
code, pre, kbd, samp {
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.875em;
}
pre { overflow-x: auto; line-height: 1.5; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap;
}
.skip-link { position: absolute; left: -999px; top: 0; background: var(--bg); padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0.5rem; }

/* Header, layout, sidebar, footer */
.site-header {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem 1.5rem; position: relative;
  padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--border); background: var(--surface);
}
.site-title { font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; }
.search { margin-left: auto; flex: 0 1 20rem; }
.search input {
  width: 100%; padding: 0.4rem 0.65rem; font: inherit; font-size: 0.95rem; color: var(--fg);
  background: var(--bg); border: 1px solid var(--border); border-radius: 6px;
}
.search-results {
  position: absolute; right: 1.5rem; top: 100%; z-index: 5; width: min(36rem, calc(100vw - 2rem));
  max-height: 70vh; overflow-y: auto; padding: 0.5rem 1rem; background: var(--bg);
  border: 1px solid var(--border); border-radius: 8px; box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
}
.search-results ol { list-style: none; margin: 0; padding: 0; }
.search-results li { padding: 0.5rem 0; border-top: 1px solid var(--border); }
.search-results li p { margin: 0.2rem 0 0; color: var(--muted); font-size: 0.9rem; }
.search-count { margin: 0.25rem 0; color: var(--muted); font-size: 0.9rem; }
.layout {
  display: grid; grid-template-columns: 16rem minmax(0, 1fr); gap: 2.5rem;
  max-width: 78rem; margin: 0 auto; padding: 1.5rem;
}
.layout-wide { grid-template-columns: minmax(0, 1fr); max-width: 52rem; }
.sidebar { font-size: 0.92rem; position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem);
  overflow-y: auto; }
.sidebar-title { margin: 0 0 0.5rem; font-weight: 700; }
.sidebar-title a { color: var(--fg); text-decoration: none; }
.outline { margin: 0; padding-left: 1.4rem; }
.outline li { margin: 0.3rem 0; }
.outline a { text-decoration: none; }
.outline .current > a { font-weight: 700; color: var(--fg); }
.outline-sections { padding-left: 1rem; list-style: none; border-left: 2px solid var(--border); }
main { min-width: 0; max-width: 50rem; }
.site-footer {
  border-top: 1px solid var(--border); color: var(--muted); font-size: 0.875rem;
  padding: 1rem 1.5rem 2rem; max-width: 78rem; margin: 2rem auto 0;
}
.site-footer p { margin: 0.25rem 0; }

/* Prose */
.prose h1, .prose h2, .prose h3 { line-height: 1.25; margin: 2rem 0 0.75rem; }
.prose h1 { font-size: 2rem; margin-top: 0.5rem; }
.prose h2 { font-size: 1.45rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--border); }
.prose :not(pre) > code { background: var(--surface); padding: 0.1em 0.3em; border-radius: 4px; }
.prose pre, pre.code {
  background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem 1rem;
}
.prose blockquote { margin: 1rem 0; padding: 0 1rem; color: var(--muted); border-left: 4px solid var(--border); }
.prose table th, .prose table td { border: 1px solid var(--border); padding: 0.3rem 0.6rem; }

/* Cells */
.cell { margin: 1.25rem 0; }
.cell-hidden:empty { display: none; }
.cell-header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin: 0 0 0.3rem;
  font-size: 0.8rem; color: var(--muted); }
.cell-number { font-weight: 600; }
.cell-time { margin-left: auto; font-variant-numeric: tabular-nums; }
.cell pre.code { margin: 0; }
.cell-challenge pre.code { border-left: 4px solid var(--challenge); background: var(--challenge-bg); }
.cell-norun pre.code { border-style: dashed; }
.challenge-editor textarea.code { display: block; width: 100%; box-sizing: border-box; margin: 0; resize: vertical;
  padding: 0.75rem 1rem; border: 1px solid var(--border); border-radius: 6px; white-space: pre; overflow-x: auto;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88rem; line-height: 1.45;
  border-left: 4px solid var(--challenge); background: var(--challenge-bg); color: inherit; tab-size: 4; }
.challenge-editor p { margin: 0.4rem 0 0; }
.challenge-editor button { font: inherit; padding: 0.3rem 0.9rem; border-radius: 6px; border: 1px solid var(--challenge);
  background: var(--challenge-bg); color: inherit; cursor: pointer; }
.cell-failure pre.code { border-left: 4px solid var(--bad); }
.badge { display: inline-block; padding: 0 0.45rem; border-radius: 999px; border: 1px solid var(--border);
  font-size: 0.78rem; line-height: 1.5; color: var(--muted); }
.badge-challenge { color: var(--challenge); border-color: var(--challenge); font-weight: 600; }
.badge-pass { color: var(--ok); border-color: var(--ok); }
.badge-failure { color: var(--bad); border-color: var(--bad); font-weight: 600; }
.outputs { margin: 0.5rem 0 0 0; padding-left: 0.75rem; border-left: 2px solid var(--border); }
.outputs > * { margin: 0.5rem 0; }
.notice { background: var(--notice-bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.5rem 0.75rem; }
.notice-failure { background: var(--bad-bg); border-color: var(--bad); }
.cell-problem { color: var(--bad); }

/* Displays */
pre.stdout, pre.value { margin: 0; padding: 0.5rem 0.75rem; background: var(--surface); border-radius: 6px; }
.value-type { display: inline-block; font-size: 0.75rem; color: var(--muted); margin-right: 0.5rem;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
code.value { white-space: pre-wrap; }
.tensor { padding: 0.5rem 0.75rem; background: var(--surface); border-radius: 6px; }
.tensor-summary { display: flex; flex-wrap: wrap; gap: 0.25rem 0.9rem; align-items: baseline; margin: 0; }
.tensor-shape { font-weight: 700; }
.tensor-dtype, .tensor-stat { color: var(--muted); font-size: 0.85rem; }
.tensor-values { display: block; margin: 0.35rem 0; overflow-x: auto; white-space: nowrap; }
.sparkline { display: block; width: 100%; max-width: 240px; height: 40px; color: var(--accent); }
.sparkline-zero { stroke: var(--border); stroke-width: 1; vector-effect: non-scaling-stroke; }
.table-scroll { overflow-x: auto; max-width: 100%; }
.tokens .table-scroll { max-height: 24rem; overflow-y: auto; }
.token-table, .similarity-table, .collection-table { font-size: 0.85rem; font-variant-numeric: tabular-nums; }
.token-table caption, .similarity-table caption { text-align: left; color: var(--muted); padding: 0.25rem 0; }
.token-table th, .token-table td, .collection-table th, .collection-table td {
  border: 1px solid var(--border); padding: 0.15rem 0.5rem; text-align: left; vertical-align: top; }
.token-table code { white-space: pre; }
.token-padding { color: var(--muted); }
.similarity { margin: 0; }
.similarity-table th { padding: 0.25rem 0.5rem; font-weight: 600; text-align: left; }
.similarity-table thead th { writing-mode: horizontal-tb; max-width: 10rem; }
.similarity-table td { padding: 0.3rem 0.6rem; text-align: right; min-width: 3.5rem; border: 1px solid var(--bg); }
.similarity-table td.row-max { font-weight: 700; }
.similarity-table td.sim-missing { background: var(--surface); color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin-top: 0.4rem;
  font-size: 0.8rem; color: var(--muted); }
.legend-bar { display: inline-block; width: 8rem; height: 0.7rem; border-radius: 3px; border: 1px solid var(--border); }
.image-output { margin: 0; }
.image-output img { display: block; border: 1px solid var(--border); border-radius: 4px; background: var(--surface); }
.image-output figcaption { font-size: 0.8rem; color: var(--muted); }
.picture-output { margin: 0; }
.picture-output img { display: block; max-width: 100%; height: auto; border: 1px solid var(--border); border-radius: 4px; background: #fff; }
.picture-output figcaption, .frames-output > figcaption { font-size: 0.8rem; color: var(--muted); }
.audio-output audio { display: block; width: 100%; max-width: 720px; margin-top: 0.4rem; }
.frames-output { margin: 0; }
.frame-strip { display: flex; gap: 0.4rem; overflow-x: auto; padding-bottom: 0.3rem; }
.frame-strip .frame { margin: 0; flex: 0 0 auto; }
.frame-strip img { display: block; height: 90px; width: auto; border: 1px solid var(--border); border-radius: 3px; }
.frame-strip figcaption { font-size: 0.75rem; color: var(--muted); text-align: center; }
.collection-summary { margin: 0 0 0.25rem; font-size: 0.85rem; color: var(--muted); }
.collection-items { margin: 0; padding-left: 2rem; }
.collection-items > li::marker { color: var(--muted); font-size: 0.8em; }
.omitted { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.85rem; }
.check { margin: 0.25rem 0; }
.check-mark { font-weight: 700; }
.check-passed .check-mark { color: var(--ok); }
.check-failed { color: var(--bad); }
.location { color: var(--muted); font-size: 0.8rem;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.error-output { border: 1px solid var(--bad); background: var(--bad-bg); border-radius: 6px; padding: 0.5rem 0.75rem; }
.error-output.error-expected { border-color: var(--border); background: var(--surface); }
.error-title { margin: 0 0 0.25rem; display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: baseline; }
.error-kind { font-weight: 700; color: var(--bad); }
.error-expected .error-kind { color: var(--muted); }
.error-message { margin: 0; white-space: pre-wrap; }

/* Highlighting */
.hl-kw { color: var(--hl-kw); font-weight: 600; }
.hl-type { color: var(--hl-type); }
.hl-str { color: var(--hl-str); }
.hl-num { color: var(--hl-num); }
.hl-com { color: var(--hl-com); font-style: italic; }
.hl-id { color: var(--hl-id); }
.hl-op { color: var(--hl-op); }
.hl-attr { color: var(--hl-attr); }
.hl-label { color: var(--hl-label); }

/* Index and pager */
.course-meta { color: var(--muted); }
.chapter-list { padding-left: 1.5rem; }
.chapter-list > li { margin: 1.25rem 0; }
.chapter-title { font-size: 1.2rem; margin: 0; }
.summary { margin: 0.25rem 0; }
.chapter-meta { margin: 0; font-size: 0.85rem; color: var(--muted); }
.pager { display: flex; justify-content: space-between; gap: 1rem; margin: 3rem 0 1rem; }
.pager a { display: block; max-width: 48%; padding: 0.6rem 0.9rem; border: 1px solid var(--border);
  border-radius: 6px; text-decoration: none; }
.pager-next { margin-left: auto; text-align: right; }
.pager-label { display: block; font-size: 0.8rem; color: var(--muted); }

/* Phones */
@media (max-width: 48rem) {
  body { font-size: 1rem; }
  .layout { grid-template-columns: minmax(0, 1fr); gap: 1rem; padding: 1rem; }
  .sidebar { position: static; max-height: none; border-bottom: 1px solid var(--border); padding-bottom: 0.5rem; }
  .outline-sections { display: none; }
  .site-header { padding: 0.75rem 1rem; }
  .search { flex-basis: 100%; margin-left: 0; }
  .search-results { left: 1rem; right: 1rem; width: auto; }
  .pager a { max-width: 100%; }
}
@media print {
  .sidebar, .search, .search-results, .pager, .skip-link { display: none; }
  .layout { display: block; }
}
"""#
}
