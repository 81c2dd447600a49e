import type { Agreement, Coding, krippendorffAlpha } from '../analysis/agreement.js';
import type { Cell, Table } from './tables.js';

const show = (value: number | undefined): Cell => (value === undefined ? '' : Math.round(value * 1000) / 1000);

/** Per-theme agreement, then pooled kappa, alpha and micro/macro F1 as rows of their own. */
export function agreementTable(agreement: Agreement, alpha: ReturnType<typeof krippendorffAlpha>): Table {
  const rows: Cell[][] = agreement.themes.map((t, i) => [
    t.theme,
    t.reference,
    t.candidate,
    t.both,
    show(t.precision),
    show(t.recall),
    show(t.f1),
    show(t.kappa),
    show(alpha.themes[i]?.alpha),
  ]);
  const { micro } = agreement;
  const totals = agreement.themes.reduce((sum, t) => [sum[0]! + t.reference, sum[1]! + t.candidate, sum[2]! + t.both], [0, 0, 0]);
  rows.push(['(micro)', totals[0]!, totals[1]!, totals[2]!, show(micro.precision), show(micro.recall), show(micro.f1), '', '']);
  rows.push(['(macro)', '', '', '', '', '', show(agreement.macroF1), '', '']);
  rows.push(['(pooled)', '', '', '', '', '', '', show(agreement.pooledKappa), show(alpha.pooled)]);
  return { name: 'agreement', columns: ['theme_id', 'reference', 'candidate', 'both', 'precision', 'recall', 'f1', 'kappa', 'alpha'], rows };
}

/** Three or more coders: Krippendorff's alpha per theme and pooled. */
export function alphaTable(alpha: ReturnType<typeof krippendorffAlpha>, codings: Coding[]): Table {
  const rows: Cell[][] = alpha.themes.map((t) => [t.theme, ...codings.map((c) => [...c.values()].filter((s) => s.has(t.theme)).length), show(t.alpha)]);
  rows.push(['(pooled)', ...codings.map(() => ''), show(alpha.pooled)]);
  return { name: 'agreement', columns: ['theme_id', ...codings.map((_, i) => `coder_${i + 1}`), 'alpha'], rows };
}
