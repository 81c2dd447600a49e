import { isContentWord, keyTerms, type Keyness } from '../analysis/keyness.js';
import { compileCodebook } from '../codebook/compile.js';
import type { Codebook } from '../codebook/types.js';
import { codeSpan } from '../coding/code-span.js';
import { readCodedTranscripts, segmentSettings } from '../coding/read-segments.js';
import { inContext } from '../text/around.js';
import { tokenize } from '../text/tokenize.js';
import type { Skipped } from '../transcript/discover.js';
import { talkText } from '../transcript/segment.js';

/** A candidate rule: how key it is to the theme's segments, and where it was first seen. */
export interface Suggestion extends Keyness {
  context: string;
}

/**
 * Words and two-word phrases over-represented in the segments a theme codes against all other
 * segments (log-likelihood keyness), that the theme's rules do not already match: candidate
 * rules, each with a line of context.
 */
export async function suggestRules(
  codebook: Codebook,
  theme: number,
  inputs: string[],
  cwd: string,
  top: number,
  skip: (skipped: Skipped) => void,
): Promise<{ suggestions: Suggestion[]; coded: number }> {
  const compiled = compileCodebook(codebook);
  const target = new Map<string, number>();
  const reference = new Map<string, number>();
  const firstSeen = new Map<string, string>();
  let coded = 0;
  for await (const { transcript, coded: codedTranscript } of readCodedTranscripts(inputs, cwd, compiled, segmentSettings(codebook), skip)) {
    for (const s of codedTranscript.segments) {
      if (!s.eligible) continue;
      const inTheme = s.themes.some((h) => h.theme === theme);
      if (inTheme) coded++;
      const counts = inTheme ? target : reference;
      // A label written again inside the turn is no term of it.
      const segmentText = talkText(transcript.text, s.segment);
      const tokens = tokenize(segmentText);
      tokens.forEach((token, i) => {
        const terms: [string, number, number][] = [];
        if (isContentWord(token.word)) terms.push([token.word, token.start, token.end]);
        const next = tokens[i + 1];
        if (next && !next.breakBefore && isContentWord(token.word) && isContentWord(next.word))
          terms.push([`${token.word} ${next.word}`, token.start, next.end]);
        for (const [term, start, end] of terms) {
          counts.set(term, (counts.get(term) ?? 0) + 1);
          if (inTheme && !firstSeen.has(term)) firstSeen.set(term, inContext(segmentText, start, end, 6, false));
        }
      });
    }
  }
  const covered = (term: string) => codeSpan(compiled, term, 0, term.length).themes.some((h) => h.theme === theme);
  const suggestions = keyTerms(target, reference, 2)
    .filter((k) => !covered(k.term))
    .slice(0, top)
    .map((k) => ({ ...k, context: firstSeen.get(k.term) ?? '' }));
  return { suggestions, coded };
}
