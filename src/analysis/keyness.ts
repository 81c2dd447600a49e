/** How often a term occurs in the target segments and in the rest, and how key it is to the target. */
export interface Keyness {
  term: string;
  target: number;
  reference: number;
  /** Log-likelihood ratio G² of the 2 × 2 table; positive when the term is over-represented in the target. */
  g2: number;
}

const xlnx = (observed: number, expected: number) => (observed === 0 ? 0 : observed * Math.log(observed / expected));

/**
 * Signed log-likelihood G² (Dunning 1993; quanteda's `textstat_keyness(measure = "lr")` without
 * correction) for a term seen `a` times among `targetTotal` target tokens and `b` times among
 * `referenceTotal` reference tokens.
 */
export function logLikelihood(a: number, b: number, targetTotal: number, referenceTotal: number): number {
  const c = targetTotal - a;
  const d = referenceTotal - b;
  const n = a + b + c + d;
  if (n === 0) return 0;
  const ea = ((a + b) * (a + c)) / n;
  const eb = ((a + b) * (b + d)) / n;
  const ec = ((c + d) * (a + c)) / n;
  const ed = ((c + d) * (b + d)) / n;
  const g2 = 2 * (xlnx(a, ea) + xlnx(b, eb) + xlnx(c, ec) + xlnx(d, ed));
  const over = targetTotal > 0 && referenceTotal > 0 ? a / targetTotal > b / referenceTotal : a > 0;
  return over ? g2 : -g2;
}

/** The terms over-represented in the target, most key first (ties by term), at least `minCount` times there. */
export function keyTerms(target: Map<string, number>, reference: Map<string, number>, minCount: number): Keyness[] {
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const targetTotal = sum(target);
  const referenceTotal = sum(reference);
  const out: Keyness[] = [];
  for (const [term, a] of target) {
    if (a < minCount) continue;
    const b = reference.get(term) ?? 0;
    const g2 = logLikelihood(a, b, targetTotal, referenceTotal);
    if (g2 > 0) out.push({ term, target: a, reference: b, g2 });
  }
  return out.sort((x, y) => y.g2 - x.g2 || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0));
}

/** A word that can stand in a candidate rule: not a function word, a number or a single letter. */
export const isContentWord = (word: string) => !STOPWORDS.has(word) && !/^\d+$/.test(word) && word.length > 1;

/** Common English function words, never suggested on their own. */
export const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by can
  could did do does doing down during each few for from further had has have having he her here hers herself him himself his how
  i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
  over own same she should so some such than that the their theirs them themselves then there these they this those through to
  too under until up very was we were what when where which while who whom why will with would you your yours yourself
  yourselves i'm we're they're it's don't didn't can't won't that's there's we've i've you're isn't wasn't aren't weren't
  doesn't couldn't wouldn't shouldn't hasn't haven't hadn't
  um er yeah oh okay ok like really actually quite lot lots thing things get got go going know think said say says well`.split(/\s+/),
);
