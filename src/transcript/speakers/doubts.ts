import type { Paragraph } from '../types.js';
import type { Role } from './roles.js';

/** A turn this long is more likely a label that was never closed than one person speaking. */
const LONG_TURN = 8000;

/**
 * Doubts about a reading that only the finished turns show: one turn far longer than speech runs
 * (a label that swallowed what followed), and several speakers with no interviewer among them
 * (so the questions are coded as answers).
 */
export function turnDoubts(paragraphs: Paragraph[], roles: Record<string, Role>): string[] {
  const doubts: string[] = [];
  // A turn's paragraphs are consecutive, so its length is a running sum.
  let turns = 0;
  let current: number | null = null;
  let chars = 0;
  let line = 0;
  let longest = { chars: 0, line: 0 };
  for (const p of paragraphs) {
    if (p.turn === null) continue;
    if (p.turn !== current) {
      turns++;
      current = p.turn;
      chars = 0;
      line = p.line;
    }
    chars += p.end - p.start;
    if (chars > longest.chars) longest = { chars, line };
  }
  if (longest.chars > LONG_TURN && turns > 1) {
    doubts.push(`one turn of ${longest.chars.toLocaleString('en-GB')} characters (line ${longest.line}): is a label missing after it?`);
  }
  const labels = Object.keys(roles);
  if (labels.length >= 2 && !labels.some((l) => roles[l] === 'interviewer')) {
    doubts.push(`no interviewer among ${labels.length} speakers: name one with --interviewer or 'hosts:' in the front matter, or their questions are coded`);
  }
  return doubts;
}
