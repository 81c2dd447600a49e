/**
 * `text` as a string of its own. V8 may hold a string cut out of a longer one (a field parsed out
 * of a block of CSV) as a slice that keeps the whole of the longer one alive for as long as it is
 * kept; it copies slices shorter than 13 characters anyway. UTF-16 round-trips any string.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}
