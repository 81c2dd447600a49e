import { resolve } from 'node:path';
import { keyTerms, STOPWORDS } from '../analysis/keyness.js';
import { compileCodebook } from '../codebook/compile.js';
import { BUILT_IN_CODEBOOK, loadCodebook } from '../codebook/load.js';
import { codeSpan } from '../coding/code-span.js';
import { codeTranscript } from '../coding/code-transcript.js';
import { readTranscripts } from '../corpus/transcripts.js';
import { QcodeError } from '../diagnostics.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import type { Cell } from '../report/tables.js';
import { around } from '../text/around.js';
import { tokenize } from '../text/tokenize.js';
import { segmentTranscript } from '../transcript/segment-transcript.js';
import { formatCount, paintFor, type Io } from './io.js';

export interface SuggestFlags {
  in?: string[];
  codebook?: string;
  top?: string;
  format?: FormatName;
}

const content = (word: string) => !STOPWORDS.has(word) && !/^\d+$/.test(word) && word.length > 1;

/**
 * `qcode suggest THEME --in TRANSCRIPTS`: words and two-word phrases over-represented in the
 * segments the theme codes against all other segments (log-likelihood keyness), that the theme's
 * rules do not already match — candidate rules, each with a line of context.
 */
export async function suggestCommand(themeId: string, flags: SuggestFlags, io: Io): Promise<number> {
  if (!flags.in || flags.in.length === 0) throw new QcodeError('qcode suggest needs transcripts to learn from: --in FILES_OR_FOLDERS', 2);
  const top = flags.top === undefined ? 20 : Number(flags.top);
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new QcodeError(`--top takes a whole number from 1 to 1000, not '${flags.top}'`, 2);
  const name = flags.codebook ?? 'codebooks/partnership.yaml';
  const { codebook } = loadCodebook(flags.codebook === undefined ? BUILT_IN_CODEBOOK : resolve(io.cwd, flags.codebook), name);
  const theme = codebook.themes.findIndex((t) => t.id === themeId);
  if (theme < 0) throw new QcodeError(`${name} has no theme '${themeId}'; its themes are: ${codebook.themes.map((t) => t.id).join(', ')}`, 2);
  const compiled = compileCodebook(codebook);
  const target = new Map<string, number>();
  const reference = new Map<string, number>();
  const firstSeen = new Map<string, string>();
  let targetSegments = 0;
  const skipped: string[] = [];
  for await (const { transcript } of readTranscripts(flags.in, io.cwd, { interviewer: codebook.options.interviewer, speakerPattern: codebook.options.speakerPattern }, (s) => skipped.push(`${s.input}: ${s.reason}`))) {
    const segments = segmentTranscript(transcript, codebook.options.unit, { attributes: undefined, fromFolder: false });
    for (const s of codeTranscript(compiled, transcript, segments, false).segments) {
      if (!s.eligible) continue;
      const coded = s.themes.some((h) => h.theme === theme);
      if (coded) targetSegments++;
      const counts = coded ? target : reference;
      const tokens = tokenize(transcript.text, s.segment.start, s.segment.end);
      tokens.forEach((token, i) => {
        const terms: [string, number, number][] = [];
        if (content(token.word)) terms.push([token.word, token.start, token.end]);
        const next = tokens[i + 1];
        if (next && !next.breakBefore && content(token.word) && content(next.word)) terms.push([`${token.word} ${next.word}`, token.start, next.end]);
        for (const [term, start, end] of terms) {
          counts.set(term, (counts.get(term) ?? 0) + 1);
          if (coded && !firstSeen.has(term)) {
            const [pre, post] = around(transcript.text.slice(s.segment.start, s.segment.end), start - s.segment.start, end - s.segment.start, 6);
            firstSeen.set(term, `${pre} [${transcript.text.slice(start, end)}] ${post}`.trim());
          }
        }
      });
    }
  }
  for (const s of skipped) io.stderr.write(`qcode: skipped ${s}\n`);
  const covered = (term: string) => codeSpan(compiled, term, 0, term.length).themes.some((h) => h.theme === theme);
  const suggestions = keyTerms(target, reference, 2)
    .filter((k) => !covered(k.term))
    .slice(0, top);
  const rows: Cell[][] = suggestions.map((k) => [k.term, k.target, k.reference, Math.round(k.g2 * 100) / 100, firstSeen.get(k.term) ?? '']);
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  const paint = await paintFor(io, io.stdout);
  io.stdout.write(FORMATTERS[format]({ name: 'suggestions', columns: ['term', 'in_theme', 'elsewhere', 'g2', 'context'], rows }, { sanitize: true, excel: false, paint }));
  if (format === 'table' && suggestions.length > 0) io.stdout.write(`\nkeywords: [${suggestions.map((k) => JSON.stringify(k.term)).join(', ')}]\n`);
  io.stderr.write(`${formatCount(suggestions.length)} candidate rule${suggestions.length === 1 ? '' : 's'} for '${themeId}' from ${formatCount(targetSegments)} coded segments\n`);
  return skipped.length > 0 ? 1 : 0;
}
