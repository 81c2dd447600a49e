import type { Cell, Table } from '../report/tables.js';
import { compileCodebook, compileTerms, type Term } from '../codebook/compile.js';
import { readCodedTranscripts, segmentSettings } from '../coding/read-segments.js';
import type { Skipped } from '../transcript/discover.js';
import type { Codebook } from '../codebook/types.js';

const KIND_NAMES: Record<Term['kind'], string> = {
  keywords: 'keyword',
  exact: 'exact',
  patterns: 'pattern',
  regex: 'regex',
  near: 'near',
  exclude: 'exclude',
  negation: 'negation',
  nearPart: 'near',
};

/** What a rule becomes for the matcher: its stems, surface words, prefixes and wildcards. */
export function describeTerm(term: Term): string {
  if (term.kind === 'regex') return `regex /${term.source}/i`;
  if (term.kind === 'near') return `${term.source.replace(/\s+NEAR(\/\d+)?\s+/, (_, n: string | undefined) => ` …${n ? n.slice(1) : 5} words… `)}`;
  return term.words
    .map((w) => {
      switch (w.type) {
        case 'stem':
          return `~${w.value}`;
        case 'surface':
          return `"${w.value}"`;
        case 'prefix':
          return `${w.value}…`;
        case 'glob':
          return w.source;
        case 'any':
          return '*';
      }
    })
    .join(' ');
}

/**
 * Every rule of the chosen themes with what it becomes, and — given the words each rule matched
 * in a corpus (`matched`: theme id → rule → word → count) — those words, most frequent first.
 */
export function explainCodebook(codebook: Codebook, themeIds: string[] | undefined, matched?: Map<string, Map<string, Map<string, number>>>): Table {
  const rows: Cell[][] = [];
  for (const term of compileTerms(codebook)) {
    // A near rule's two terms are shown as the rule.
    if (term.kind === 'negation' || term.kind === 'nearPart') continue;
    const theme = codebook.themes[term.theme];
    if (!theme || (themeIds && !themeIds.includes(theme.id))) continue;
    const words = matched?.get(theme.id)?.get(term.source);
    const list = words
      ? [...words]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .map(([w, n]) => `${w} ×${n}`)
          .join(', ')
      : '';
    // Where evidence is weighed, what one hit of the rule counts towards the theme's threshold.
    const weighs = theme.threshold !== 1 || Object.keys(theme.weights).length > 0;
    const weighed = term.kind !== 'exclude' && weighs ? ` · weighs ${term.weight} of ${theme.threshold}` : '';
    rows.push([theme.id, KIND_NAMES[term.kind], term.source, describeTerm(term) + weighed, ...(matched ? [list] : [])]);
  }
  return { name: 'explain', columns: ['theme_id', 'kind', 'rule', 'matches_as', ...(matched ? ['matched_in_corpus'] : [])], rows };
}

/** Per theme and rule, the words each rule matched in the transcripts, with how often: what `--in` shows. */
export async function matchedWords(
  codebook: Codebook,
  inputs: string[],
  cwd: string,
  skip: (skipped: Skipped) => void,
): Promise<Map<string, Map<string, Map<string, number>>>> {
  const matched = new Map<string, Map<string, Map<string, number>>>();
  for await (const { transcript, coded } of readCodedTranscripts(inputs, cwd, compileCodebook(codebook), segmentSettings(codebook), skip)) {
    for (const s of coded.segments) {
      for (const hit of s.themes) {
        const id = codebook.themes[hit.theme]?.id ?? '';
        const byRule = matched.get(id) ?? new Map<string, Map<string, number>>();
        matched.set(id, byRule);
        hit.rules.forEach((rule, i) => {
          const [start, end] = hit.spans[i] as [number, number];
          const word = transcript.text.slice(start, end).toLowerCase().replace(/\s+/g, ' ');
          const words = byRule.get(rule) ?? new Map<string, number>();
          byRule.set(rule, words);
          words.set(word, (words.get(word) ?? 0) + 1);
        });
      }
    }
  }
  return matched;
}
