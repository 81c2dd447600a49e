import type { RunRecord } from '../report/summary.js';
import { SPEAKER_DOUBT } from '../run/code-document.js';
import { formatCount, type Io } from './io.js';

/** How many documents' speaker doubts are named one by one; the rest are counted. */
const SHOWN_DOUBTS = 10;

/** Skipped inputs, warnings and the one-line summary of a run, on standard error. */
export function reportRun(io: Io, result: RunRecord, flags: { out?: string | undefined }, quiet: boolean, verb = 'Coded'): void {
  for (const s of result.skipped) io.stderr.write(`qcode: skipped ${s.input}: ${s.reason}\n`);
  if (quiet) return;
  // A corpus exported by one service repeats one doubt in every file: the first few say it, a
  // count says the rest, and summary.json keeps them all.
  let doubts = 0;
  for (const w of result.warnings) {
    if (w.includes(SPEAKER_DOUBT) && ++doubts > SHOWN_DOUBTS) continue;
    io.stderr.write(`qcode: warning: ${w}\n`);
  }
  if (doubts > SHOWN_DOUBTS)
    io.stderr.write(
      `qcode: warning: speakers may be misread in ${formatCount(doubts - SHOWN_DOUBTS)} more transcripts (all in summary.json); qcode speakers shows them\n`,
    );
  const { documents, codedSegments } = result.tally;
  const skipped = result.skipped.length > 0 ? `, ${formatCount(result.skipped.length)} skipped` : '';
  const where = flags.out === undefined ? '' : ` → ${flags.out}`;
  io.stderr.write(
    `${verb} ${formatCount(documents)} transcript${documents === 1 ? '' : 's'} (${formatCount(codedSegments)} segment${codedSegments === 1 ? '' : 's'})${skipped}${where}\n`,
  );
}

/** A progress line on a terminal's standard error, redrawn at most ten times a second. */
export function progressLine(io: Io): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    io.stderr.write(`\rCoding ${formatCount(done)}/${formatCount(total)} transcripts…`);
  };
}
