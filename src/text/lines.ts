/** The 1-based line of `offset`, counting line breaks from `from` (which is on line `fromLine`). */
export function lineOfOffset(text: string, offset: number, from = 0, fromLine = 1): number {
  let line = fromLine;
  for (let i = text.indexOf('\n', from); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
