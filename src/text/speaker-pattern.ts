/** Why a speaker pattern cannot be used, or undefined when it can. */
export function speakerPatternProblem(source: string): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(`${source}|`, 'u');
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  if ((regex.exec('')?.length ?? 0) < 2) return 'needs a capture group around the label, e.g. ^([A-Z]{2}) ';
  return undefined;
}

const compiled = new Map<string, RegExp>();

/**
 * A user's speaker-label pattern, anchored at the start of a line: its first group is the label,
 * and what it matches is not talk. Checked with `speakerPatternProblem` before any file is read.
 */
export function speakerPattern(source: string): RegExp {
  let regex = compiled.get(source);
  if (!regex) {
    regex = new RegExp(`^(?:${source})`, 'u');
    compiled.set(source, regex);
  }
  return regex;
}
