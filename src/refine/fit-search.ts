import { themeKappa } from '../analysis/agreement.js';

/**
 * One piece of evidence for a theme: a rule of the codebook or a candidate phrase, with the
 * segments (indices into the problem's segments) it hits and how many times in each.
 */
export interface Feature {
  key: string;
  /** The weight it starts with: the codebook's for a rule, 0 (absent) for a candidate. */
  initial: number;
  where: number[];
  counts: number[];
  /** The weights the search may give it (default: any of 0, 0.5, 1, 2). */
  choices?: number[];
}

/** One theme's decision over a set of segments: who the coding codes, and the evidence. */
export interface ThemeProblem {
  labels: boolean[];
  features: Feature[];
  threshold: number;
}

export interface ThemeFit {
  /** Parallel to the problem's features; 0 drops a rule (or leaves a candidate out). */
  weights: number[];
  threshold: number;
}

/** The weights and thresholds a fit may choose: coarse, so that every choice reads as a judgement. */
const WEIGHTS = [0, 0.5, 1, 2];
const THRESHOLDS = [1, 1.5, 2, 3];
/** A change must raise the theme's kappa by at least this much, or the search stops. */
const MIN_GAIN = 0.005;
const MAX_CHANGES = 12;
const EPSILON = 1e-9;
/**
 * How sure a change must be (Wilson bounds, in standard errors) that the segments it starts
 * coding are more often right — and those it stops coding more often wrong — than the theme's
 * F1 halved, the precision at which a hit starts to raise F1 (and, for a theme on few segments,
 * kappa). Adding asks for more: on the 150-turn development set, phrases found on three or four
 * segments ("absolutely" for communication) lowered cross-validated kappa; dropping a rule that
 * hits ten segments the coding leaves out for one it codes should not need more than one.
 */
const Z_ADD = 2;
const Z_DROP = 1;

/** Wilson score bound on a proportion `right / n`: `z` above it (upper bound) or below it (`-z`, lower). */
function wilson(right: number, n: number, z: number): number {
  const p = right / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/** The theme's kappa, with a theme neither coder uses counted as full agreement. */
function objective(n: number, reference: number, candidate: number, both: number): number {
  return themeKappa(n, reference, candidate, both) ?? 1;
}

const codes = (score: number, threshold: number) => score > 0 && score >= threshold - EPSILON;

/** The scores of every segment under some weights. */
export function scores(problem: ThemeProblem, weights: number[]): Float64Array {
  const score = new Float64Array(problem.labels.length);
  problem.features.forEach((f, k) => {
    const w = weights[k] as number;
    if (w !== 0) f.where.forEach((i, j) => (score[i]! += w * (f.counts[j] as number)));
  });
  return score;
}

/** Whether the fitted theme codes a segment with these features (key → hit count). */
export function decide(fit: ThemeFit, features: Feature[], counts: (key: string) => number): boolean {
  let score = 0;
  features.forEach((f, k) => {
    const w = fit.weights[k] as number;
    if (w !== 0) score += w * counts(f.key);
  });
  return codes(score, fit.threshold);
}

/**
 * Greedy search for the weights and threshold that agree best with the coding: each step takes
 * the one change (a rule's or candidate's weight, or the threshold) that raises the theme's kappa
 * most, as long as it puts at least two more segments right; few, coarse steps, so the result is
 * a handful of edits a researcher can read, and one coded segment cannot buy a rule.
 */
export function fitTheme(problem: ThemeProblem): ThemeFit {
  const { labels, features } = problem;
  const n = labels.length;
  const weights = features.map((f) => f.initial);
  let threshold = problem.threshold;
  const score = scores(problem, weights);
  const reference = labels.filter(Boolean).length;
  let candidate = 0;
  let both = 0;
  for (let i = 0; i < n; i++) {
    if (codes(score[i] as number, threshold)) {
      candidate++;
      if (labels[i]) both++;
    }
  }
  let current = objective(n, reference, candidate, both);

  for (let step = 0; step < MAX_CHANGES; step++) {
    let best: { gain: number; apply: () => void } | undefined;
    const half = reference + candidate === 0 ? 0 : both / (reference + candidate);
    const consider = (newCandidate: number, newBoth: number, fixed: number, apply: () => void, on = 0, onRight = 0, off = 0, offRight = 0) => {
      if (fixed < 1) return;
      if (on > 0 && !(wilson(onRight, on, -Z_ADD) > half)) return;
      if (off > 0 && !(wilson(offRight, off, Z_DROP) < half)) return;
      const gain = objective(n, reference, newCandidate, newBoth) - current;
      if (gain >= MIN_GAIN && (!best || gain > best.gain + EPSILON)) best = { gain, apply };
    };
    features.forEach((f, k) => {
      for (const w of f.choices ?? WEIGHTS) {
        if (w === weights[k]) continue;
        const delta = w - (weights[k] as number);
        let c = candidate;
        let b = both;
        let fixed = 0;
        const flips = [0, 0, 0, 0];
        f.where.forEach((i, j) => {
          const before = codes(score[i] as number, threshold);
          const after = codes((score[i] as number) + delta * (f.counts[j] as number), threshold);
          if (before === after) return;
          c += after ? 1 : -1;
          if (labels[i]) b += after ? 1 : -1;
          if (after === labels[i]) fixed++;
          else fixed--;
          flips[after ? 0 : 2]!++;
          if (labels[i]) flips[after ? 1 : 3]!++;
        });
        consider(
          c,
          b,
          fixed,
          () => {
            f.where.forEach((i, j) => (score[i]! += delta * (f.counts[j] as number)));
            weights[k] = w;
          },
          ...(flips as [number, number, number, number]),
        );
      }
    });
    for (const t of THRESHOLDS) {
      if (t === threshold) continue;
      let c = 0;
      let b = 0;
      let fixed = 0;
      const flips = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) {
        const before = codes(score[i] as number, threshold);
        const after = codes(score[i] as number, t);
        if (after) {
          c++;
          if (labels[i]) b++;
        }
        if (before === after) continue;
        fixed += after === labels[i] ? 1 : -1;
        flips[after ? 0 : 2]!++;
        if (labels[i]) flips[after ? 1 : 3]!++;
      }
      consider(c, b, fixed, () => (threshold = t), ...(flips as [number, number, number, number]));
    }
    if (!best) break;
    (best as { apply: () => void }).apply();
    candidate = 0;
    both = 0;
    for (let i = 0; i < n; i++) {
      if (codes(score[i] as number, threshold)) {
        candidate++;
        if (labels[i]) both++;
      }
    }
    current = objective(n, reference, candidate, both);
  }
  return { weights, threshold };
}
