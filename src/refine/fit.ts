import { compareCodings, type Agreement, type Coding } from '../analysis/agreement.js';
import { logLikelihood } from '../analysis/keyness.js';
import { codeSpan } from '../coding/code-span.js';
import type { Codebook, Theme } from '../codebook/types.js';
import { compareCodePoints } from '../text/compare.js';
import { exclusionFor, phrasesAround } from './fit-exclusions.js';
import type { Sample, SampleSegment } from './fit-sample.js';
import { decide, fitTheme, type Feature, type ThemeFit, type ThemeProblem } from './fit-search.js';

/** A phrase over-represented in the segments coded with a theme, that none of its rules match. */
export interface Candidate {
  /** Its words' stems, as `Sample` files them. */
  key: string;
  /** How it was first written, lower-cased: the keyword proposed. */
  surface: string;
  /** Coded segments it occurs in, and other segments. */
  coded: number;
  other: number;
  g2: number;
}

/** One theme fitted on some segments: the evidence it could use, and the weights chosen. */
interface FittedTheme {
  features: Feature[];
  fit: ThemeFit;
  candidates: Candidate[];
}

const RULE = 'rule:';
const GRAM = 'gram:';
const EXCLUDE = 'exclude:';
/** Candidates offered to the search per theme: enough for the phrases that matter, few enough to keep it honest. */
const CANDIDATES = 30;

/** The rules of a theme, in the order the codebook writes them. */
export function rulesOf(theme: Theme): string[] {
  return [...new Set([...theme.keywords, ...theme.exact, ...theme.patterns, ...theme.regex, ...theme.near])];
}

/**
 * Phrases key to the segments the coding codes with a theme, against the rest (log-likelihood
 * over segments, as `qcode suggest` does over words), in at least two of them, and not already
 * matched by the theme's rules.
 */
export function candidatesFor(sample: Sample, theme: number, themeId: string, training: number[]): Candidate[] {
  const seen = new Map<string, { surface: string; coded: number; other: number }>();
  let codedTotal = 0;
  for (const i of training) {
    const s = sample.segments[i] as SampleSegment;
    const coded = s.coded.has(themeId);
    if (coded) codedTotal++;
    for (const [key, gram] of s.grams) {
      let entry = seen.get(key);
      if (!entry) seen.set(key, (entry = { surface: gram.surface, coded: 0, other: 0 }));
      if (coded) entry.coded++;
      else entry.other++;
    }
  }
  const otherTotal = training.length - codedTotal;
  const covered = (surface: string) => codeSpan(sample.neutral, surface, 0, surface.length).themes.some((h) => h.theme === theme);
  const out: Candidate[] = [];
  for (const [key, e] of seen) {
    if (e.coded < 2) continue;
    const g2 = logLikelihood(e.coded, e.other, codedTotal, otherTotal);
    if (g2 > 0) out.push({ key, surface: e.surface, coded: e.coded, other: e.other, g2 });
  }
  // Of phrases in the same segments, the longest first: `pulled together` reads better than `pulled`.
  out.sort((a, b) => b.g2 - a.g2 || b.key.length - a.key.length || compareCodePoints(a.key, b.key));
  return out.filter((c) => !covered(c.surface)).slice(0, CANDIDATES);
}

/** The evidence each segment offers: a rule's hits or a candidate's occurrences. */
function countIn(segment: SampleSegment, theme: number, key: string, codebookTheme: Theme): number {
  if (key.startsWith(RULE)) return segment.hits.get(theme)?.find((h) => h.rule === key.slice(RULE.length))?.count ?? 0;
  if (key.startsWith(EXCLUDE)) {
    // An exclusion takes back what its rule's hits gave, where the phrase surrounds them.
    const [rule = '', phrase = ''] = key.slice(EXCLUDE.length).split('\u0000');
    const hit = segment.hits.get(theme)?.find((h) => h.rule === rule);
    return hit && phrasesAround(segment, hit.span).includes(phrase) ? -hit.count * (codebookTheme.weights[rule] ?? 1) : 0;
  }
  return segment.grams.get(key.slice(GRAM.length))?.count ?? 0;
}

/** Exclusions the training segments argue for: per rule, a phrase around its hits in segments the coding leaves out, and in none it codes. */
function exclusionsFor(sample: Sample, codebookTheme: Theme, theme: number, training: number[]): string[] {
  const keys: string[] = [];
  for (const rule of rulesOf(codebookTheme)) {
    const other: { segment: SampleSegment; span: [number, number] }[] = [];
    const coded: SampleSegment[] = [];
    for (const i of training) {
      const s = sample.segments[i] as SampleSegment;
      const hit = s.hits.get(theme)?.find((h) => h.rule === rule);
      if (!hit) continue;
      if (s.coded.has(codebookTheme.id)) coded.push(s);
      else other.push({ segment: s, span: hit.span });
    }
    if (other.length < 2) continue;
    const best = exclusionFor(other, coded, rule, theme);
    if (best && !codebookTheme.exclude.includes(best.phrase)) keys.push(`${EXCLUDE}${rule}\u0000${best.phrase}`);
  }
  return keys;
}

function problemFor(sample: Sample, codebookTheme: Theme, theme: number, training: number[], candidates: Candidate[], exclusions: string[] = []): ThemeProblem {
  const keys: { key: string; initial: number; choices?: number[] }[] = [
    // Every rule, hitting the training segments or not: one that only hits held-out ones still codes them.
    ...rulesOf(codebookTheme).map((rule) => ({ key: RULE + rule, initial: codebookTheme.weights[rule] ?? 1 })),
    ...candidates.map((c) => ({ key: GRAM + c.key, initial: 0 })),
    ...exclusions.map((key) => ({ key, initial: 0, choices: [0, 1] })),
  ];
  const features: Feature[] = keys.map(({ key, initial, choices }) => {
    const where: number[] = [];
    const counts: number[] = [];
    training.forEach((i, local) => {
      const count = countIn(sample.segments[i] as SampleSegment, theme, key, codebookTheme);
      if (count !== 0) {
        where.push(local);
        counts.push(count);
      }
    });
    return { key, initial, where, counts, ...(choices ? { choices } : {}) };
  });
  return { labels: training.map((i) => sample.segments[i]!.coded.has(codebookTheme.id)), features, threshold: codebookTheme.threshold };
}

function fitOn(sample: Sample, codebook: Codebook, training: number[]): FittedTheme[] {
  const used = usedThemes(sample);
  return codebook.themes.map((theme, index) => {
    // A theme the coding never uses says nothing about its rules: left as it is.
    if (!used.has(theme.id)) return asWritten(theme);
    const candidates = candidatesFor(sample, index, theme.id, training);
    const problem = problemFor(sample, theme, index, training, candidates, exclusionsFor(sample, theme, index, training));
    return { features: problem.features, fit: fitTheme(problem), candidates };
  });
}

/** The themes the hand coding uses anywhere in the sample. */
export function usedThemes(sample: Sample): Set<string> {
  const used = new Set<string>();
  for (const s of sample.segments) for (const t of s.coded) used.add(t);
  return used;
}

/** How the codebook, as written or as fitted, codes some of the sample's segments. */
function codingOf(sample: Sample, codebook: Codebook, fitted: FittedTheme[], which: number[]): Coding {
  const coding: Coding = new Map();
  for (const i of which) {
    const s = sample.segments[i] as SampleSegment;
    const themes = new Set<string>();
    codebook.themes.forEach((theme, index) => {
      const f = fitted[index] as FittedTheme;
      if (decide(f.fit, f.features, (key) => countIn(s, index, key, theme))) themes.add(theme.id);
    });
    coding.set(s.id, themes);
  }
  return coding;
}

/** A theme as the codebook writes it, in the fitted form: its rules at their own weights, nothing added. */
function asWritten(theme: Theme): FittedTheme {
  const features = rulesOf(theme).map((rule) => ({ key: RULE + rule, initial: theme.weights[rule] ?? 1, where: [], counts: [] }));
  return { features, fit: { weights: features.map((f) => f.initial), threshold: theme.threshold }, candidates: [] };
}

/** The hand coding of the sample, every segment listed. */
export function handCoding(sample: Sample): Coding {
  return new Map(sample.segments.map((s) => [s.id, s.coded]));
}

/**
 * Folds of some of the sample's segments: whole documents where there are enough of them (so
 * a fold's fit is judged on interviews it did not see), else segments dealt round in order.
 */
export function foldsOf(sample: Sample, which: number[], folds: number): number[][] {
  const out: number[][] = Array.from({ length: folds }, () => []);
  const documents = [...new Set(which.map((i) => sample.segments[i]!.document))];
  const byDocument = documents.length >= folds;
  const documentIndex = new Map(documents.map((d, i) => [d, i]));
  which.forEach((i, k) => out[(byDocument ? (documentIndex.get(sample.segments[i]!.document) as number) : k) % folds]!.push(i));
  return out;
}

/** A change to one theme the coding argues for. */
type Proposal =
  | { kind: 'remove'; rule: string }
  | { kind: 'weight'; rule: string; from: number; to: number }
  | { kind: 'threshold'; from: number; to: number }
  | { kind: 'add'; candidate: Candidate; weight: number }
  | { kind: 'exclude'; rule: string; phrase: string };

/** A change, with how many of the cross-validation folds' fits made it too. */
export type Change = Proposal & { folds: number };

export interface ThemeResult {
  theme: Theme;
  index: number;
  changes: Change[];
  now: Agreement['themes'][number];
  crossValidated: Agreement['themes'][number];
}

export interface FitResult {
  /** Themes the hand coding never uses: left alone, and out of the pooled figures. */
  unused: string[];
  folds: number;
  byDocument: boolean;
  themes: ThemeResult[];
  now: Agreement;
  crossValidated: Agreement;
}

function changesOf(fitted: FittedTheme, theme: Theme): Proposal[] {
  const changes: Proposal[] = [];
  fitted.features.forEach((f, k) => {
    const w = fitted.fit.weights[k] as number;
    if (w === f.initial) return;
    if (f.key.startsWith(GRAM)) {
      const candidate = fitted.candidates.find((c) => GRAM + c.key === f.key) as Candidate;
      changes.push({ kind: 'add', candidate, weight: w });
    } else if (f.key.startsWith(EXCLUDE)) {
      const [rule = '', phrase = ''] = f.key.slice(EXCLUDE.length).split('\u0000');
      changes.push({ kind: 'exclude', rule, phrase });
    } else if (w === 0) changes.push({ kind: 'remove', rule: f.key.slice(RULE.length) });
    else changes.push({ kind: 'weight', rule: f.key.slice(RULE.length), from: f.initial, to: w });
  });
  if (fitted.fit.threshold !== theme.threshold) changes.push({ kind: 'threshold', from: theme.threshold, to: fitted.fit.threshold });
  return changes;
}

/** Whether a fold's fit made the same kind of change. */
function foldAgrees(change: Proposal, fold: FittedTheme, theme: Theme): boolean {
  const weightOf = (key: string) => {
    const k = fold.features.findIndex((f) => f.key === key);
    return k < 0 ? undefined : (fold.fit.weights[k] as number);
  };
  switch (change.kind) {
    case 'remove':
      return weightOf(RULE + change.rule) === 0;
    case 'weight': {
      const w = weightOf(RULE + change.rule);
      return w !== undefined && w !== 0 && Math.sign(w - change.from) === Math.sign(change.to - change.from);
    }
    case 'threshold':
      return Math.sign(fold.fit.threshold - theme.threshold) === Math.sign(change.to - change.from);
    case 'add':
      return (weightOf(GRAM + change.candidate.key) ?? 0) > 0;
    case 'exclude':
      return (weightOf(`${EXCLUDE}${change.rule}\u0000${change.phrase}`) ?? 0) > 0;
  }
}

/** How many folds a change needs to have been chosen in to be kept: a majority. */
const majority = (folds: number) => Math.floor(folds / 2) + 1;

/**
 * The fit on `training`, keeping only the changes most of its folds' fits make too: a change
 * one fold's segments argue for and the others do not is noise the held-out segments punish.
 */
function stableFit(sample: Sample, codebook: Codebook, training: number[], folds: number): { fitted: FittedTheme[]; foldFits: FittedTheme[][] } {
  const foldFits = foldsOf(sample, training, folds).map((test) => {
    const inTest = new Set(test);
    return fitOn(
      sample,
      codebook,
      training.filter((i) => !inTest.has(i)),
    );
  });
  const fitted = fitOn(sample, codebook, training).map((f, index) => {
    const theme = codebook.themes[index] as Theme;
    const agreeing = (change: Proposal) => foldFits.filter((fold) => foldAgrees(change, fold[index] as FittedTheme, theme)).length;
    const weights = [...f.fit.weights];
    let { threshold } = f.fit;
    for (const change of changesOf(f, theme)) {
      if (agreeing(change) >= majority(folds)) continue;
      if (change.kind === 'threshold') threshold = change.from;
      else {
        const key =
          change.kind === 'add'
            ? GRAM + change.candidate.key
            : change.kind === 'exclude'
              ? `${EXCLUDE}${change.rule}\u0000${change.phrase}`
              : RULE + change.rule;
        const k = f.features.findIndex((feature) => feature.key === key);
        weights[k] = (f.features[k] as Feature).initial;
      }
    }
    return { ...f, fit: { weights, threshold } };
  });
  return { fitted, foldFits };
}

/**
 * Fits the codebook to a hand-coded sample: per theme, the rules to drop or reweigh, the
 * threshold, and the phrases to add, kept where most folds' fits agree; and how well that whole
 * procedure does on segments it did not see (cross-validation, the stability check nested
 * inside each fold), so the figure does not flatter it.
 */
export function fitCodebook(sample: Sample, codebook: Codebook, requestedFolds: number): FitResult {
  const all = sample.segments.map((_, i) => i);
  const folds = foldsOf(sample, all, Math.min(requestedFolds, sample.segments.length));
  const hand = handCoding(sample);
  const ids = codebook.themes.map((t) => t.id);
  const heldOut: Coding = new Map();
  for (const test of folds) {
    const inTest = new Set(test);
    const { fitted } = stableFit(
      sample,
      codebook,
      all.filter((i) => !inTest.has(i)),
      folds.length,
    );
    for (const [id, themes] of codingOf(sample, codebook, fitted, test)) heldOut.set(id, themes);
  }
  // Pooled over the themes the coding uses: one it never uses would count the codebook's every hit against it.
  const used = usedThemes(sample);
  const pooledOver = ids.filter((id) => used.has(id));
  const written = codingOf(sample, codebook, codebook.themes.map(asWritten), all);
  const now = { ...compareCodings(hand, written, ids), pooledKappa: compareCodings(hand, written, pooledOver).pooledKappa };
  const crossValidated = { ...compareCodings(hand, heldOut, ids), pooledKappa: compareCodings(hand, heldOut, pooledOver).pooledKappa };
  const { fitted, foldFits } = stableFit(sample, codebook, all, folds.length);
  const themes = codebook.themes.map((theme, index): ThemeResult => {
    const changes = changesOf(fitted[index] as FittedTheme, theme).map(
      (change) => ({ ...change, folds: foldFits.filter((fold) => foldAgrees(change, fold[index] as FittedTheme, theme)).length }) as Change,
    );
    return { theme, index, changes, now: now.themes[index]!, crossValidated: crossValidated.themes[index]! };
  });
  const documents = new Set(sample.segments.map((s) => s.document)).size;
  return { folds: folds.length, byDocument: documents >= folds.length, themes, now, crossValidated, unused: ids.filter((id) => !used.has(id)) };
}

/** The codebook with a fit's changes made: what the patch would give, to check it on the sample. */
export function applyChanges(codebook: Codebook, result: FitResult, accept: (change: Change) => boolean = () => true): Codebook {
  const themes = codebook.themes.map((theme, index) => {
    const changes = (result.themes[index] as ThemeResult).changes.filter(accept);
    if (changes.length === 0) return theme;
    const next: Theme = {
      ...theme,
      keywords: [...theme.keywords],
      exact: [...theme.exact],
      patterns: [...theme.patterns],
      regex: [...theme.regex],
      near: [...theme.near],
      weights: { ...theme.weights },
      exclude: [...theme.exclude],
    };
    for (const change of changes) {
      if (change.kind === 'remove') {
        for (const list of [next.keywords, next.exact, next.patterns, next.regex, next.near]) {
          const at = list.indexOf(change.rule);
          if (at >= 0) list.splice(at, 1);
        }
        delete next.weights[change.rule];
      } else if (change.kind === 'weight') {
        if (change.to === 1) delete next.weights[change.rule];
        else next.weights[change.rule] = change.to;
      } else if (change.kind === 'threshold') next.threshold = change.to;
      else if (change.kind === 'exclude') {
        if (!next.exclude.includes(change.phrase)) next.exclude.push(change.phrase);
      } else {
        next.keywords.push(change.candidate.surface);
        if (change.weight !== 1) next.weights[change.candidate.surface] = change.weight;
      }
    }
    return next;
  });
  return { ...codebook, themes };
}
