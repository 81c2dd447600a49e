import { parseCsv } from '../output/csv-read.js';
import type { Cell, Table } from './tables.js';
import { SCRIPT, STYLE } from './assets.generated.js';

/** What the HTML report is built from: the files a `qcode code --out` run writes. */
export interface ReportInput {
  summary: {
    codebook: { name: string; version: string };
    counts: { documents: number; segments: number; coded_segments: number; excerpts: number; skipped: number };
    options: { group_by: string; unit: string };
  };
  frequencies: Table;
  cooccurrence: Table;
  excerpts: Table;
}

/** Excerpts embedded in the report at most; beyond this the browser says how many were left out. */
export const MAX_REPORT_EXCERPTS = 10_000;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that is safe inside a <script> element: no `<`, `>` or `&` can end it or open a tag. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const column = (table: Table, name: string) => table.columns.indexOf(name);
const num = (cell: Cell | undefined) => (typeof cell === 'number' ? cell : Number(cell ?? 0));

function heatMap(input: ReportInput, themes: { id: string; label: string }[], groups: string[]): string {
  const f = input.frequencies;
  const [idCol, groupCol, shareCol, codedCol, residualCol, segmentsCol] = [
    column(f, 'theme_id'),
    2,
    column(f, 'share'),
    column(f, 'segments_coded'),
    column(f, 'residual'),
    column(f, 'segments'),
  ];
  const cell = (theme: string, group: string) => f.rows.find((r) => r[idCol] === theme && r[groupCol] === group);
  // Each column's n: a share of 50% means little of 4 segments.
  const n = (group: string) => num(f.rows.find((r) => r[groupCol] === group)?.[segmentsCol]);
  const head = groups.map((g) => `<th scope="col">${escapeHtml(g)}<br><small>n = ${n(g)}</small></th>`).join('');
  const body = themes
    .map((t) => {
      const cells = groups
        .map((g) => {
          const row = cell(t.id, g);
          const share = num(row?.[shareCol]);
          const residual = g === '(all)' ? 0 : num(row?.[residualCol]);
          const mark = residual >= 2 ? ' class="high"' : residual <= -2 ? ' class="low"' : '';
          const title = `${num(row?.[codedCol])} segments coded${residual ? `, residual ${residual}` : ''}`;
          const ink = share > 0.3 ? ';color:#fff' : '';
          return `<td${mark} style="background:rgba(31,119,180,${Math.min(1, share * 2).toFixed(3)})${ink}" title="${escapeHtml(title)}">${Math.round(share * 100)}%</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(t.label)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="wide"><table class="heat" id="heatmap"><thead><tr><th></th>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function bars(input: ReportInput, themes: { id: string; label: string }[], groups: string[]): string {
  const f = input.frequencies;
  const [idCol, shareCol] = [column(f, 'theme_id'), column(f, 'share')];
  return groups
    .filter((g) => g !== '(all)')
    .map((g) => {
      const rows = themes
        .map((t) => {
          const share = num(f.rows.find((r) => r[idCol] === t.id && r[2] === g)?.[shareCol]);
          return `<div class="bar"><span class="name">${escapeHtml(t.label)}</span><span class="track"><span class="fill" style="width:${(share * 100).toFixed(1)}%"></span></span><span class="value">${Math.round(share * 100)}%</span></div>`;
        })
        .join('');
      return `<section class="chart"><h3>${escapeHtml(g)}</h3>${rows}</section>`;
    })
    .join('\n');
}

/**
 * The co-occurrence matrix with numbered columns (the theme in each column's tooltip and its row),
 * so sixteen themes or more fit a laptop's width instead of a row of theme ids.
 */
function cooccurrence(input: ReportInput, themes: { id: string; label: string }[]): string {
  const c = input.cooccurrence;
  const count = (a: string, b: string) => num(c.rows.find((r) => (r[0] === a && r[1] === b) || (r[0] === b && r[1] === a))?.[2]);
  const max = Math.max(1, ...c.rows.map((r) => num(r[2])));
  const head = themes.map((t, i) => `<th scope="col" title="${escapeHtml(t.label)}">${i + 1}</th>`).join('');
  const body = themes
    .map((a, i) => {
      const cells = themes
        .map((b) =>
          a.id === b.id ? '<td class="self"></td>' : `<td style="background:rgba(214,39,40,${(count(a.id, b.id) / max).toFixed(3)})">${count(a.id, b.id)}</td>`,
        )
        .join('');
      return `<tr><th scope="row">${i + 1}. ${escapeHtml(a.label)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="wide"><table class="heat co"><thead><tr><th></th>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A self-contained HTML report: no network requests, all styles and scripts inline. */
export function buildReportHtml(input: ReportInput): string {
  const f = input.frequencies;
  const idCol = column(f, 'theme_id');
  const themes: { id: string; label: string }[] = [];
  for (const r of f.rows) if (!themes.some((t) => t.id === r[idCol])) themes.push({ id: String(r[idCol]), label: String(r[1]) });
  const groups = [...new Set(f.rows.map((r) => String(r[2])))];
  const e = input.excerpts;
  const at = (name: string) => column(e, name);
  const groupColumn = at(input.summary.options.group_by) >= 0 ? input.summary.options.group_by : 'perspective';
  const [s, sp, p, t, l, m, x] = ['segment_id', 'speaker', groupColumn, 'theme_id', 'theme_label', 'matched_terms', 'text'].map(at) as number[];
  // One entry per segment, its themes as chips: a long turn coded with three themes is shown once.
  type Embedded = { s: Cell | undefined; sp: Cell | undefined; p: Cell | undefined; x: string; c: [string, string, string][] };
  const segments: Embedded[] = [];
  const rows = e.rows.slice(0, MAX_REPORT_EXCERPTS);
  for (const r of rows) {
    const theme: [string, string, string] = [String(r[t as number] ?? ''), String(r[l as number] ?? ''), String(r[m as number] ?? '')];
    const last = segments.at(-1);
    if (last && last.s === r[s as number]) last.c.push(theme);
    else segments.push({ s: r[s as number], sp: r[sp as number], p: r[p as number], x: String(r[x as number] ?? ''), c: [theme] });
  }
  const omitted = Math.max(0, input.summary.counts.excerpts - rows.length);
  const data = { segments, omitted };
  const { summary } = input;
  const withTheme = omitted === 0 ? ` · ${segments.length} with a theme` : '';
  const option = (value: string, label: string) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>qcode report — ${escapeHtml(summary.codebook.name)}</title><style>${STYLE}</style></head>
<body>
<h1>qcode report</h1>
<p class="meta">${escapeHtml(summary.codebook.name)} ${escapeHtml(summary.codebook.version)} · ${summary.counts.documents} transcripts · ${summary.counts.coded_segments} segments read for themes (${summary.options.unit === 'auto' ? 'turns where speakers are labelled, else paragraphs' : `${escapeHtml(summary.options.unit)}s`})${withTheme} · ${summary.counts.excerpts} excerpts (a segment and a theme it is coded with)${summary.counts.skipped ? ` · ${summary.counts.skipped} skipped` : ''}</p>
<h2>Themes by ${escapeHtml(summary.options.group_by)}</h2>
<p class="meta">Share of each group's segments coded with the theme. Outlined cells: the group codes the theme notably more (solid, residual ≥ 2) or less (dashed, ≤ −2) than the others.</p>
${heatMap(input, themes, groups)}
<h2>By ${escapeHtml(summary.options.group_by)}</h2>
<div class="charts">${bars(input, themes, groups)}</div>
<h2>Co-occurrence</h2>
<p class="meta">Segments coded with both themes.</p>
${cooccurrence(input, themes)}
<h2>Excerpts</h2>
<div id="controls"><label>Theme <select id="theme">${option('', 'all')}${themes.map((th) => option(th.id, th.label)).join('')}</select></label>
<label>${escapeHtml(summary.options.group_by)} <select id="perspective">${option('', 'all')}${groups
    .filter((g) => g !== '(all)')
    .map((g) => option(g, g))
    .join('')}</select></label>
<label>Search <input id="search" type="search"></label></div>
<p id="count" class="meta"></p><ul id="excerpts"></ul><button id="more" hidden>Show more</button>
<script id="data" type="application/json">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

function csvTable(name: string, text: string, options: { maxRecords?: number; truncated?: boolean } = {}): Table {
  const [columns = [], ...rows] = parseCsv(text, options);
  // Cells neutralised for spreadsheets are shown as they were written.
  return { name, columns, rows: rows.map((row) => row.map((cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell))) };
}

/**
 * The report from the text of a run's output files, so `qcode code --out`, `qcode merge` and
 * `qcode report` build the very same page. Only the first excerpts are read.
 */
export function reportFromFiles(summaryJson: string, frequenciesCsv: string, cooccurrenceCsv: string, excerpts: ExcerptsStart): string {
  return buildReportHtml({
    summary: JSON.parse(summaryJson) as ReportInput['summary'],
    frequencies: csvTable('frequencies', frequenciesCsv),
    cooccurrence: csvTable('cooccurrence', cooccurrenceCsv),
    excerpts: csvTable('excerpts', excerpts.text, { maxRecords: MAX_REPORT_EXCERPTS + 1, truncated: excerpts.truncated }),
  });
}

/** The first bytes of `excerpts.csv`, decoded, and whether the file goes on. */
export interface ExcerptsStart {
  text: string;
  truncated: boolean;
}

/** How much of `excerpts.csv` the report reads: enough for 10,000 excerpts of ordinary length. */
export const REPORT_EXCERPT_BYTES = 4 * 2 ** 20;

/**
 * Keeps the first `REPORT_EXCERPT_BYTES` of the excerpts as they stream to their file, so the
 * report built during a run reads exactly what `qcode report` reads from the finished file.
 */
export class CsvPrefix {
  private readonly parts: Buffer[] = [];
  private size = 0;
  private truncated = false;

  add(data: string | Uint8Array): void {
    const room = REPORT_EXCERPT_BYTES - this.size;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (bytes.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = Buffer.from(bytes.subarray(0, room));
    this.parts.push(kept);
    this.size += kept.length;
  }

  start(): ExcerptsStart {
    return { text: Buffer.concat(this.parts).toString('utf8'), truncated: this.truncated };
  }
}
