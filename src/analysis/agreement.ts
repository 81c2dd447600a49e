/** One coder's coding: which themes each segment was coded with (an empty set: coded with none). */
export type Coding = Map<string, Set<string>>;

/** Agreement on one theme between a reference coding and a candidate coding. */
export interface ThemeAgreement {
  theme: string;
  /** Segments the reference / the candidate coded with the theme, and both. */
  reference: number;
  candidate: number;
  both: number;
  /** `undefined` where the statistic is 0/0 (e.g. a theme neither coder used). */
  precision: number | undefined;
  recall: number | undefined;
  f1: number | undefined;
  kappa: number | undefined;
}

export interface Agreement {
  segments: number;
  themes: ThemeAgreement[];
  /** Pooled kappa over the themes either coder used (De Vries et al. 2008: mean observed and mean chance agreement). */
  pooledKappa: number | undefined;
  micro: { precision: number | undefined; recall: number | undefined; f1: number | undefined };
  /** Mean F1 over the themes where it is defined. */
  macroF1: number | undefined;
}

/** A statistic as printed: two decimals, or `n/a` where it is undefined (0/0). */
export const fixed = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(2));

const divide = (a: number, b: number) => (b === 0 ? undefined : a / b);

/** F1 as 2·TP / (2·TP + FP + FN): defined whenever either coder used the theme. */
function f1Of(both: number, reference: number, candidate: number): number | undefined {
  return divide(2 * both, reference + candidate);
}

/** Observed and chance agreement on one binary decision over `n` segments. */
function agreementParts(n: number, reference: number, candidate: number, both: number) {
  const neither = n - reference - candidate + both;
  const observed = (both + neither) / n;
  const pr = reference / n;
  const pc = candidate / n;
  const chance = pr * pc + (1 - pr) * (1 - pc);
  return { observed, chance };
}

function kappaOf(observed: number, chance: number): number | undefined {
  if (chance === 1) return observed === 1 ? undefined : 0;
  return (observed - chance) / (1 - chance);
}

/** Cohen's kappa of one theme over `n` segments, from how many each coder coded and both did. */
export function themeKappa(n: number, reference: number, candidate: number, both: number): number | undefined {
  if (n === 0) return undefined;
  const { observed, chance } = agreementParts(n, reference, candidate, both);
  return kappaOf(observed, chance);
}

/**
 * Compares two codings of the same segments, theme by theme: precision, recall and F1 of the
 * candidate against the reference, and Cohen's kappa. Segments are the union of both codings;
 * themes are `themes` if given, else every theme either coder used.
 */
export function compareCodings(reference: Coding, candidate: Coding, themes?: string[]): Agreement {
  const segments = [...new Set([...reference.keys(), ...candidate.keys()])];
  const n = segments.length;
  const used: string[] = [];
  for (const coding of [reference, candidate]) {
    for (const set of coding.values()) for (const t of set) if (!used.includes(t)) used.push(t);
  }
  const list = themes ?? used;
  const rows: ThemeAgreement[] = [];
  let observedSum = 0;
  let chanceSum = 0;
  let pooledThemes = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const theme of list) {
    let r = 0;
    let c = 0;
    let both = 0;
    for (const id of segments) {
      const inR = reference.get(id)?.has(theme) ?? false;
      const inC = candidate.get(id)?.has(theme) ?? false;
      if (inR) r++;
      if (inC) c++;
      if (inR && inC) both++;
    }
    const precision = divide(both, c);
    const recall = divide(both, r);
    const { observed, chance } = n === 0 ? { observed: 1, chance: 1 } : agreementParts(n, r, c, both);
    rows.push({ theme, reference: r, candidate: c, both, precision, recall, f1: f1Of(both, r, c), kappa: themeKappa(n, r, c, both) });
    if (r + c > 0) {
      observedSum += observed;
      chanceSum += chance;
      pooledThemes++;
      tp += both;
      fp += c - both;
      fn += r - both;
    }
  }
  const pooledKappa = pooledThemes === 0 ? undefined : kappaOf(observedSum / pooledThemes, chanceSum / pooledThemes);
  const microPrecision = divide(tp, tp + fp);
  const microRecall = divide(tp, tp + fn);
  const defined = rows.map((row) => row.f1).filter((f): f is number => f !== undefined);
  return {
    segments: n,
    themes: rows,
    pooledKappa,
    micro: { precision: microPrecision, recall: microRecall, f1: f1Of(tp, tp + fn, tp + fp) },
    macroF1: defined.length === 0 ? undefined : defined.reduce((a, b) => a + b, 0) / defined.length,
  };
}

/** Krippendorff's alpha for one theme or pooled over themes: binary nominal data, any number of coders. */
export interface Alpha {
  theme: string;
  alpha: number | undefined;
}

/** Adds the coincidences of one binary decision by `coders` coders, `yes` of whom said yes. */
function coincide(sums: { disagree: number; yes: number; no: number }, coders: number, yes: number): void {
  sums.disagree += (yes * (coders - yes)) / (coders - 1);
  sums.yes += yes;
  sums.no += coders - yes;
}

const alphaOf = (s: { disagree: number; yes: number; no: number }) =>
  s.yes === 0 || s.no === 0 ? undefined : 1 - ((s.yes + s.no - 1) * s.disagree) / (s.yes * s.no);

/**
 * Krippendorff's alpha (nominal) per theme, with each segment a unit coded yes/no by every coder,
 * and pooled over the (segment, theme) units of the themes any coder used. Segments are the union
 * of all codings; a coding that does not list a segment did not code it with anything.
 */
export function krippendorffAlpha(codings: Coding[], themes?: string[]): { themes: Alpha[]; pooled: number | undefined } {
  const segments = [...new Set(codings.flatMap((c) => [...c.keys()]))];
  const used: string[] = [];
  for (const coding of codings) for (const set of coding.values()) for (const t of set) if (!used.includes(t)) used.push(t);
  const pooled = { disagree: 0, yes: 0, no: 0 };
  const rows = (themes ?? used).map((theme) => {
    const sums = { disagree: 0, yes: 0, no: 0 };
    for (const id of segments) {
      const yes = codings.filter((c) => c.get(id)?.has(theme) ?? false).length;
      coincide(sums, codings.length, yes);
      if (used.includes(theme)) coincide(pooled, codings.length, yes);
    }
    return { theme, alpha: alphaOf(sums) };
  });
  return { themes: rows, pooled: alphaOf(pooled) };
}
