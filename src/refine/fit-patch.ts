import { stringify } from 'yaml';
import type { Theme } from '../codebook/types.js';
import { inContext } from '../text/around.js';
import { rulesOf, type Change, type FitResult, type ThemeResult } from './fit.js';
import { exclusionFor, phrasesAround } from './fit-exclusions.js';
import type { Sample, SampleSegment } from './fit-sample.js';
import { fixed } from '../analysis/agreement.js';

const scalar = (value: string | number) => stringify(value).trimEnd();
/** How many example segments a change shows, each on one comment line. */
const EXAMPLES = 2;

/** A segment with the words at `span` in brackets and a few either side, for a comment line. */
function example(segment: SampleSegment, span: [number, number], mark: string): string {
  return `${mark} ${segment.id}: "${inContext(segment.text, span[0], span[1], 8)}"`;
}

function ruleList(theme: Theme, rule: string): string {
  for (const list of ['keywords', 'exact', 'patterns', 'regex', 'near'] as const) if (theme[list].includes(rule)) return list;
  return 'rules';
}

/** A rule's hits in the sample: segments coded with the theme by hand, and the others (with where). */
function ruleEvidence(sample: Sample, result: ThemeResult, rule: string) {
  const coded: SampleSegment[] = [];
  const other: { segment: SampleSegment; span: [number, number] }[] = [];
  for (const s of sample.segments) {
    const hit = s.hits.get(result.index)?.find((h) => h.rule === rule);
    if (!hit) continue;
    if (s.coded.has(result.theme.id)) coded.push(s);
    else other.push({ segment: s, span: hit.span });
  }
  return { coded, other };
}

const ofFolds = (change: Change, folds: number) => `chosen in ${change.folds} of ${folds} folds`;

function themeSection(sample: Sample, result: ThemeResult, folds: number, unused: Set<string>): string[] {
  if (unused.has(result.theme.id)) {
    return [`  # ${result.theme.id}: the coding never uses it, so it is left alone (the codebook codes ${result.now.candidate} of these segments)`];
  }
  const { theme, now, crossValidated } = result;
  const lines: string[] = [];
  const counts = `by hand ${now.reference}, by the codebook ${now.candidate}, both ${now.both}`;
  if (result.changes.length === 0) lines.push(`  # ${theme.id}: no change the coding supports (${counts}; kappa ${fixed(now.kappa)})`);
  else lines.push(`  ${scalar(theme.id)}:`, `    # ${counts}; kappa now ${fixed(now.kappa)}, fitted ${fixed(crossValidated.kappa)} (cross-validated)`);
  const removals = result.changes.filter((c) => c.kind === 'remove');
  if (removals.length > 0) {
    lines.push('    remove:');
    for (const change of removals) {
      const evidence = ruleEvidence(sample, result, change.rule);
      lines.push(
        `      - ${scalar(change.rule)}  # ${ruleList(theme, change.rule)}; hits ${evidence.coded.length + evidence.other.length} segments, ${evidence.other.length} not coded with it by hand; ${ofFolds(change, folds)}`,
      );
      for (const { segment, span } of evidence.other.slice(0, EXAMPLES)) lines.push(`        # ${example(segment, span, 'not coded:')}`);
    }
  }
  const additions = result.changes.filter((c) => c.kind === 'add');
  if (additions.length > 0) {
    lines.push('    add:', '      keywords:');
    for (const change of additions) {
      const { candidate } = change;
      lines.push(
        `        - ${scalar(candidate.surface)}  # in ${candidate.coded} segments coded with it by hand, ${candidate.other} others (G² ${candidate.g2.toFixed(1)}); ${ofFolds(change, folds)}`,
      );
      const shown = sample.segments.filter((s) => s.coded.has(theme.id) && s.grams.has(candidate.key)).slice(0, EXAMPLES);
      for (const s of shown) lines.push(`          # ${example(s, s.grams.get(candidate.key)!.span, 'coded:')}`);
      const wrong = sample.segments.find((s) => !s.coded.has(theme.id) && s.grams.has(candidate.key));
      if (wrong) lines.push(`          # ${example(wrong, wrong.grams.get(candidate.key)!.span, 'not coded:')}`);
    }
  }
  const exclusions = result.changes.filter((c) => c.kind === 'exclude');
  if (exclusions.length > 0) {
    lines.push('    exclude:');
    for (const change of exclusions) {
      const cancelled = sample.segments.filter((s) => {
        const hit = s.hits.get(result.index)?.find((h) => h.rule === change.rule);
        return hit !== undefined && phrasesAround(s, hit.span).includes(change.phrase);
      });
      const wrong = cancelled.filter((s) => !s.coded.has(theme.id)).length;
      lines.push(
        `      - ${scalar(change.phrase)}  # cancels "${change.rule}" in ${cancelled.length} segments, ${wrong} of them not coded with it by hand; ${ofFolds(change, folds)}`,
      );
      for (const s of cancelled.slice(0, EXAMPLES)) {
        const hit = s.hits.get(result.index)?.find((h) => h.rule === change.rule);
        if (hit) lines.push(`        # ${example(s, hit.span, s.coded.has(theme.id) ? 'coded:' : 'not coded:')}`);
      }
    }
  }
  const weights = result.changes.flatMap((c) =>
    c.kind === 'weight'
      ? [{ rule: c.rule, to: c.to, note: `was ${c.from}; ${ofFolds(c, folds)}` }]
      : c.kind === 'add' && c.weight !== 1
        ? [{ rule: c.candidate.surface, to: c.weight, note: 'the phrase added above' }]
        : [],
  );
  if (weights.length > 0) {
    lines.push('    weights:');
    for (const w of weights) lines.push(`      ${scalar(w.rule)}: ${w.to}  # ${w.note}`);
  }
  for (const change of result.changes) {
    if (change.kind === 'threshold') lines.push(`    threshold: ${change.to}  # was ${change.from}; ${ofFolds(change, folds)}`);
  }
  // False positives of rules the fit keeps: the researcher may see an exclusion the search cannot.
  const removed = new Set(removals.map((c) => c.rule));
  const kept = rulesOf(theme)
    .filter((rule) => !removed.has(rule))
    .map((rule) => ({ rule, ...ruleEvidence(sample, result, rule) }))
    .filter((e) => e.other.length > 0)
    .sort((a, b) => b.other.length - a.other.length)
    .slice(0, 5);
  if (kept.length > 0) {
    lines.push(`    # ${removals.length + result.changes.length > 0 ? 'kept, but ' : ''}hitting segments not coded with it by hand:`);
    for (const e of kept) {
      const found = exclusionFor(e.other, e.coded, e.rule, result.index);
      const exclusion = found && !exclusions.some((c) => c.rule === e.rule && c.phrase === found.phrase) ? found : undefined;
      lines.push(
        `    #   ${e.rule}: ${e.other.length} of ${e.other.length + e.coded.length} segments` +
          (exclusion ? `; exclude: [${scalar(exclusion.phrase)}] would drop ${exclusion.drops} of them and no segment coded by hand` : ''),
      );
      lines.push(`    #     ${example(e.other[0]!.segment, e.other[0]!.span, 'not coded:')}`);
    }
  }
  return lines;
}

export interface PatchHeader {
  codebook: string;
  coding: string;
}

/**
 * The fit as a commented YAML patch: per theme, the rules to remove, the phrases to add, the
 * weights and threshold, each with its evidence. A reading aid, never applied by qcode.
 */
export function fitPatch(sample: Sample, result: FitResult, header: PatchHeader): string {
  const unit = result.byDocument ? 'documents' : 'segments';
  const lines = [
    `# qcode codebook fit: what the hand coding in ${header.coding} says ${header.codebook} is missing.`,
    '# Nothing has been changed. Review each change, and copy those you accept into the codebook.',
    `# Sample: ${sample.segments.length} segments of ${sample.documents.length} document${sample.documents.length === 1 ? '' : 's'}` +
      (sample.unlisted > 0 ? ` (${sample.unlisted} not listed in the coding, taken as coded with no theme)` : '') +
      '.',
    ...(result.themes.some((t) => t.changes.length > 0)
      ? [
          `# Pooled kappa: the codebook now ${fixed(result.now.pooledKappa)}; with every change below, ${fixed(result.crossValidated.pooledKappa)} on segments`,
          `# the fit did not see (${result.folds}-fold cross-validation by ${unit}).`,
          `# A change chosen in few of the ${result.folds} folds' fits rests on a few segments and may not carry to other interviews.`,
        ]
      : [
          `# Pooled kappa: the codebook now ${fixed(result.now.pooledKappa)}. No change holds up: fitting on part of the sample and scoring on the rest`,
          `# gives ${fixed(result.crossValidated.pooledKappa)} (${result.folds}-fold cross-validation by ${unit}). The rules' false positives are listed below.`,
        ]),
    ...(result.unused.length > 0 ? [`# Themes the coding never uses are left alone and out of the pooled kappa: ${result.unused.join(', ')}.`] : []),
    'themes:',
  ];
  for (const theme of result.themes) lines.push(...themeSection(sample, theme, result.folds, new Set(result.unused)));
  return `${lines.join('\n')}\n`;
}
