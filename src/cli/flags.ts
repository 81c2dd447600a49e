import { UsageError } from '../diagnostics.js';
import { speakerPatternProblem } from '../text/speaker-pattern.js';

/** A flag's whole number within bounds, or undefined when the flag was not given. */
export function wholeNumber(value: string | undefined, flag: string, max: number, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`${flag} takes a whole number${flag === '--context' ? ' of words' : ''} from ${min} to ${max}, not '${value}'`);
  return Number(value);
}

/** A comma-separated flag as its items, blanks dropped (`''` gives none). */
export const commaList = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** A --speaker-pattern, checked before any file is read. */
export function checkedSpeakerPattern(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const problem = speakerPatternProblem(source);
  if (problem) throw new UsageError(`--speaker-pattern '${source}' ${problem}`);
  return source;
}
