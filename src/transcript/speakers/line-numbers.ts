const LINE_NUMBER = /^[ \t]*(\d{1,5})(?:[ \t]+|$)/;
const FIRST_WORD = /\s*(\S+)/y;

/**
 * A transcript printed with its lines numbered in a margin (`   12  INTERVIEWER: …`), read without
 * the numbers: they are not talk, and a turn runs over many numbered lines, so they must leave the
 * text itself rather than only a turn's first line. The numbers must run on by one from line to
 * line (a list of years does not) over nearly every line of the body. Returns the text unchanged
 * where there is no such margin.
 */
export function withoutLineNumbers(text: string, bodyStart: number): string {
  FIRST_WORD.lastIndex = bodyStart;
  const first = FIRST_WORD.exec(text)?.[1];
  // Most transcripts: one test of the first word, without copying the text.
  if (first === undefined || !/^\d{1,5}$/.test(first)) return text;
  const lines = text.slice(bodyStart).split('\n');
  let visible = 0;
  let numbered = 0;
  let onByOne = 0;
  let previous: number | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    visible++;
    const m = LINE_NUMBER.exec(line);
    if (!m) continue;
    const n = Number(m[1]);
    numbered++;
    if (previous !== undefined && n === previous + 1) onByOne++;
    previous = n;
  }
  if (numbered < 5 || numbered < 0.8 * visible || onByOne < 0.8 * (numbered - 1)) return text;
  return text.slice(0, bodyStart) + lines.map((line) => line.replace(LINE_NUMBER, '')).join('\n');
}
