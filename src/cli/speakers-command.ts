import { resolve } from 'node:path';
import { BUILT_IN_CODEBOOK, loadCodebook } from '../codebook/load.js';
import { readTranscripts } from '../coding/read-segments.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import type { Cell } from '../report/tables.js';
import type { Skipped } from '../transcript/discover.js';
import { describeSpeakers, type SpeakerDescription } from '../transcript/speakers/describe.js';
import { checkedSpeakerPattern } from './flags.js';
import { formatCount, paintFor, type Io } from './io.js';

export interface SpeakersFlags {
  codebook?: string;
  interviewer?: string;
  speakerPattern?: string;
  format?: FormatName;
}

const COLUMNS = ['document', 'convention', 'speaker', 'speaker_name', 'role', 'role_by', 'turns', 'words', 'line'];

function rowsOf(d: SpeakerDescription): Cell[][] {
  return d.speakers.map((s) => [d.document, d.convention.join('; '), s.speaker, s.speakerName, s.role, s.roleBy, s.turns, s.words, s.line]);
}

function headerLine(d: SpeakerDescription): string | undefined {
  const fields = Object.entries(d.header);
  if (d.headerLines.length === 0) return undefined;
  const lines = d.headerLines.length === 1 ? `line ${d.headerLines[0]}` : `lines ${d.headerLines[0]}-${d.headerLines[d.headerLines.length - 1]}`;
  const shown = fields.map(([k, v]) => `${k} = ${v.length > 40 ? `${v.slice(0, 39)}…` : v}`).join('; ');
  const what = shown === '' ? 'key of initials' : Object.values(d.speakers).some((s) => s.speakerName !== '') ? 'header and key' : 'header';
  return `${what} (${lines}), not talk${shown === '' ? '' : `: ${shown}`}`;
}

/**
 * `qcode speakers PATH…`: for every document, how its speakers were read — the label convention,
 * each speaker with role, turns and words, the header block taken as attributes, and the doubts a
 * researcher can act on — so a wrong reading is seen before anything is coded.
 */
export async function speakersCommand(inputs: string[], flags: SpeakersFlags, io: Io): Promise<number> {
  const speakerPattern = checkedSpeakerPattern(flags.speakerPattern);
  const { codebook } = loadCodebook(
    flags.codebook === undefined ? BUILT_IN_CODEBOOK : resolve(io.cwd, flags.codebook),
    flags.codebook ?? 'codebooks/partnership.yaml',
  );
  const interviewer =
    flags.interviewer
      ?.split(',')
      .map((l) => l.trim())
      .filter(Boolean) ?? codebook.options.interviewer;
  const skipped: Skipped[] = [];
  const descriptions: SpeakerDescription[] = [];
  const options = { interviewer, speakerPattern: speakerPattern ?? codebook.options.speakerPattern };
  for await (const { transcript } of readTranscripts(inputs.length > 0 ? inputs : ['.'], io.cwd, options, (s) => skipped.push(s))) {
    descriptions.push(describeSpeakers(transcript));
  }
  const paint = await paintFor(io, io.stdout);
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(descriptions, null, 2)}\n`);
  } else if (format === 'table') {
    for (const d of descriptions) {
      io.stdout.write(`${paint.bold(d.document)}  ${d.convention.length === 0 ? 'no speaker labels' : d.convention.join('; ')}\n`);
      const rows = rowsOf(d).map((r) => [r[2] === '' ? '(no label)' : r[2], ...r.slice(3)] as Cell[]);
      if (rows.length > 0)
        io.stdout.write(
          FORMATTERS.table({ name: 'speakers', columns: COLUMNS.slice(2), rows }, { sanitize: false, excel: false, paint }).replace(/^(?=.)/gm, '  '),
        );
      const header = headerLine(d);
      if (header) io.stdout.write(`  ${header}\n`);
      for (const doubt of d.doubts) io.stdout.write(`  ${paint.warn(`! ${doubt}`)}\n`);
      io.stdout.write('\n');
    }
  } else {
    io.stdout.write(FORMATTERS[format]({ name: 'speakers', columns: COLUMNS, rows: descriptions.flatMap(rowsOf) }, { sanitize: true, excel: false, paint }));
    for (const d of descriptions) for (const doubt of d.doubts) io.stderr.write(`qcode: warning: ${d.document}: ${doubt}\n`);
  }
  for (const s of skipped) io.stderr.write(`qcode: skipped ${s.input}: ${s.reason}\n`);
  const doubtful = descriptions.filter((d) => d.doubts.length > 0).length;
  io.stderr.write(
    `Read speakers in ${formatCount(descriptions.length)} transcript${descriptions.length === 1 ? '' : 's'}${doubtful > 0 ? `, ${formatCount(doubtful)} with doubts` : ''}\n`,
  );
  return skipped.length > 0 ? 1 : 0;
}
