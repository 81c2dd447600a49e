import type { Paint } from './paint.js';
import { chiSquare } from '../analysis/chi-square.js';
import { sortedGroups, type Tally } from '../analysis/tally.js';
import type { Theme } from '../codebook/types.js';
import { ALL_GROUPS } from './tables.js';

const MAX_LABEL = 34;

function shade(paint: Paint, share: number, text: string): string {
  if (share < 0) return text;
  if (share === 0) return paint.dim(text);
  if (share >= 0.3) return paint.strong(text);
  if (share >= 0.15) return paint.green(text);
  return text;
}

/**
 * The terminal view of the frequency table: themes down, groups across, each cell the segments
 * coded and their share of the group's segments, shaded by share.
 */
export function frequencyMatrix(tally: Tally, themes: Theme[], paint: Paint): string {
  // One group is the whole run: its column and the total would be the same, and there is no test.
  const single = tally.groups.size <= 1;
  const groups = single ? [ALL_GROUPS] : [...sortedGroups(tally), ALL_GROUPS];
  const segmentsOf = (g: string) => (g === ALL_GROUPS ? tally.codedSegments : (tally.groups.get(g)?.segments ?? 0));
  const header = ['Theme', ...groups.map((g) => `${g} (n=${segmentsOf(g)})`), ...(single ? [] : ['χ² p'])];
  const realGroups = groups.slice(0, -1);
  let footnote = false;
  const pColumn = themes.map((_, t) => {
    const test = chiSquare(
      realGroups.map((g) => tally.cells[t]?.get(g)?.segmentsCoded ?? 0),
      realGroups.map((g) => segmentsOf(g)),
    );
    if (!test) return '–';
    if (test.lowExpected) footnote = true;
    return (test.p < 0.001 ? '<0.001' : test.p.toFixed(3)) + (test.lowExpected ? '†' : '');
  });
  const cells = themes.map((theme, t) => {
    const label = theme.label.length > MAX_LABEL ? `${theme.label.slice(0, MAX_LABEL - 1)}…` : theme.label;
    return [
      (theme.parent ? '  ' : '') + label,
      ...groups.map((g) => {
        const coded = g === ALL_GROUPS ? (tally.totals[t]?.segmentsCoded ?? 0) : (tally.cells[t]?.get(g)?.segmentsCoded ?? 0);
        const segments = segmentsOf(g);
        const share = segments === 0 ? 0 : coded / segments;
        return { text: `${coded} (${Math.round(share * 100)}%)`, share };
      }),
      ...(single ? [] : [{ text: pColumn[t] as string, share: -1 }]),
    ] as const;
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...cells.map((row) => (i === 0 ? (row[0] as string).length : (row[i] as { text: string }).text.length))),
  );
  const lines = [header.map((h, i) => (i === 0 ? h.padEnd(widths[0] ?? 0) : h.padStart(widths[i] ?? 0))).join('  ')];
  const out = [paint.bold(lines[0] ?? '')];
  for (const row of cells) {
    const [label, ...rest] = row;
    const parts = [label.padEnd(widths[0] ?? 0)];
    rest.forEach((cell, i) => parts.push(shade(paint, cell.share, cell.text.padStart(widths[i + 1] ?? 0))));
    out.push(parts.join('  '));
  }
  if (footnote && !single) out.push(paint.dim('χ² p: chi-square test of the theme across groups; † expected counts below 5, treat with caution'));
  if (single && tally.groupBy === 'perspective') {
    out.push(
      paint.dim(
        'One group: no transcript names a perspective. Give one with front matter (perspective: …), --attributes FILE.csv, --perspective-from folder, or group by another attribute with --by (speaker, role, …).',
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
