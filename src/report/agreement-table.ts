import type { Agreement } from '../analysis/agreement.js';
import type { Cell, Table } from './tables.js';

const show = (value: number | undefined): Cell => (value === undefined ? '' : Math.round(value * 1000) / 1000);

/** Per-theme agreement, then pooled kappa and micro/macro F1 as rows of their own. */
export function agreementTable(agreement: Agreement): Table {
  const rows: Cell[][] = agreement.themes.map((t) => [
    t.theme, t.reference, t.candidate, t.both, show(t.precision), show(t.recall), show(t.f1), show(t.kappa),
  ]);
  const { micro } = agreement;
  const totals = agreement.themes.reduce((sum, t) => [sum[0]! + t.reference, sum[1]! + t.candidate, sum[2]! + t.both], [0, 0, 0]);
  rows.push(['(micro)', totals[0]!, totals[1]!, totals[2]!, show(micro.precision), show(micro.recall), show(micro.f1), '']);
  rows.push(['(macro)', '', '', '', '', '', show(agreement.macroF1), '']);
  rows.push(['(pooled)', '', '', '', '', '', '', show(agreement.pooledKappa)]);
  return { name: 'agreement', columns: ['theme_id', 'reference', 'candidate', 'both', 'precision', 'recall', 'f1', 'kappa'], rows };
}
