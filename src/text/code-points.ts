/** Where surrogate pairs start in the last text asked about: a document's tables and project ask for the same text. */
let lastText: string | undefined;
let lastCounter: ((offset: number) => number) | undefined;

const PAIR = /[\ud800-\udbff](?=[\udc00-\udfff])/g;
const same = (offset: number) => offset;

/**
 * Unicode code points before each UTF-16 offset of `text`: what REFI-QDA, Python and R count, so
 * an emoji is one position, not two. The pairs are found once per text (one native scan; none in
 * most transcripts), and each offset is then a binary search.
 */
export function codePointCounter(text: string): (offset: number) => number {
  if (text === lastText && lastCounter) return lastCounter;
  const pairs: number[] = [];
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(text); m !== null; m = PAIR.exec(text)) pairs.push(m.index);
  const counter =
    pairs.length === 0
      ? same
      : (offset: number) => {
          // Pairs wholly before the offset each count one code point for two units.
          let low = 0;
          let high = pairs.length;
          while (low < high) {
            const mid = (low + high) >> 1;
            if ((pairs[mid] as number) + 2 <= offset) low = mid + 1;
            else high = mid;
          }
          return offset - low;
        };
  lastText = text;
  lastCounter = counter;
  return counter;
}

/**
 * Tells `codePointCounter` that `text` has no surrogate pairs (its decoder knows from the bytes),
 * so the tables and project about to ask for its positions need no scan of it.
 */
export function hasNoSurrogatePairs(text: string): void {
  lastText = text;
  lastCounter = same;
}
