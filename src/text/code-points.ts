/**
 * Unicode code points before each UTF-16 offset of `text`: what REFI-QDA, Python and R count, so
 * an emoji is one position, not two. Fastest when asked in increasing order.
 */
export function codePointCounter(text: string): (offset: number) => number {
  // Without surrogates (most transcripts) every UTF-16 unit is a code point.
  if (!/[\ud800-\udfff]/.test(text)) return (target) => target;
  let offset = 0;
  let points = 0;
  return (target) => {
    // Offsets are asked for in increasing order within a source, so one forward pass suffices.
    if (target < offset) {
      offset = 0;
      points = 0;
    }
    while (offset < target) {
      const code = text.charCodeAt(offset);
      offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length ? 2 : 1;
      points++;
    }
    return points;
  };
}
