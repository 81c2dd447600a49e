import { codeSpan } from '../coding/code-span.js';
import { compileCodebook, compileTerms, type CompiledCodebook, type Term } from '../codebook/compile.js';
import type { Codebook } from '../codebook/types.js';
import { StemCollisions } from './stem-collisions.js';

/** A finding about a codebook that is valid but probably not what its author meant. */
export interface LintFinding {
  theme: string;
  message: string;
}

function codes(compiled: CompiledCodebook, text: string, theme: number): boolean {
  return codeSpan(compiled, text, 0, text.length).themes.some((t) => t.theme === theme);
}

/** What a keyword or exact rule matches, as a comparable key: its stems, or its surface words. */
function matchKey(term: Term): string {
  return `${term.kind === 'exact' ? 'surface' : 'stem'} ${term.words.map((w) => ('value' in w ? w.value : '*')).join(' ')}`;
}

/**
 * Checks a valid codebook for what usually signals a mistake: a theme without a definition,
 * examples its own rules do not code, rules an exclusion always cancels, exclusions that cancel
 * nothing, and words claimed by two
 * themes (the same rule, or different words with the same stem). The matcher itself runs each
 * check, so the findings are what qcode would do.
 */
export function lintCodebook(codebook: Codebook): LintFinding[] {
  const findings: LintFinding[] = [];
  const compiled = compileCodebook(codebook);
  // Whether a rule or exclusion can match at all is a question of words, not of how much a hit weighs.
  const unweighed: Codebook = { ...codebook, themes: codebook.themes.map((t) => ({ ...t, threshold: 1, weights: {} })) };
  const matching = compileCodebook(unweighed);
  codebook.themes.forEach((theme, index) => {
    if (theme.definition.trim() === '') findings.push({ theme: theme.id, message: 'has no definition' });
    for (const example of theme.examples) {
      if (!codes(compiled, example, index)) findings.push({ theme: theme.id, message: `example "${example}" is not coded by the theme's own rules` });
    }
    for (const rule of [...theme.keywords, ...theme.exact, ...theme.patterns, ...theme.near]) {
      if (!codes(matching, rule.replace(/\*/g, 'x'), index)) {
        findings.push({ theme: theme.id, message: `rule "${rule}" can never match: an exclusion of the theme cancels it wherever it occurs` });
      }
    }
    if (theme.exclude.length === 0) return;
    const unexcluded = compileCodebook({ ...unweighed, themes: unweighed.themes.map((t, i) => (i === index ? { ...t, exclude: [] } : t)) });
    for (const exclusion of theme.exclude) {
      if (!codes(unexcluded, exclusion.replace(/\*/g, 'x'), index)) {
        findings.push({ theme: theme.id, message: `exclusion "${exclusion}" cancels nothing: none of the theme's rules matches inside it` });
      }
    }
  });
  // A stemmed keyword matches every word with its stem: say which common words of other meanings those are.
  const collisions = new StemCollisions(codebook.options.stemmer);
  for (const term of compileTerms(codebook)) {
    if (term.kind !== 'keywords' || term.words.length !== 1) continue;
    const stem = term.words[0]?.type === 'stem' ? term.words[0].value : undefined;
    const others = stem === undefined ? [] : collisions.of(term.source, stem);
    if (others.length === 0) continue;
    const shown = others.length > 6 ? `${others.slice(0, 6).join(', ')} and ${others.length - 6} more` : others.join(', ');
    findings.push({
      theme: codebook.themes[term.theme]?.id ?? '',
      message: `keyword "${term.source}" is matched on its stem ~${stem}, which also matches ${shown}: if those are not meant, make it exact or a phrase`,
    });
  }
  const owners = new Map<string, Term>();
  for (const term of compileTerms(codebook)) {
    if (term.kind !== 'keywords' && term.kind !== 'exact') continue;
    const key = matchKey(term);
    const owner = owners.get(key);
    if (!owner) owners.set(key, term);
    else if (owner.theme !== term.theme) {
      const other = codebook.themes[owner.theme]?.id ?? '';
      findings.push({
        theme: codebook.themes[term.theme]?.id ?? '',
        message:
          owner.source.toLowerCase() === term.source.toLowerCase()
            ? `"${term.source}" is also a rule of theme '${other}'`
            : `"${term.source}" matches the same words as "${owner.source}" of theme '${other}' (${key.replace(/^\w+ /, 'stems ')})`,
      });
    }
  }
  return findings;
}
