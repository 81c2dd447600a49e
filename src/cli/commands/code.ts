import { Option, type Command } from 'commander';
import { UNITS } from '../../codebook/types.js';
import { FORMAT_NAMES } from '../../report/formats/index.js';
import { TABLE_NAMES } from '../../report/tables.js';
import { EXTENSIONS } from '../../transcript/formats/index.js';
import type { CodeFlags } from '../code-command.js';
import type { CommandContext } from './context.js';

/** Declares `qcode code`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
  program
    .command('code')
    .description(
      `Code transcripts (${EXTENSIONS.join(', ')}; folders are searched recursively; - reads standard input) and ` +
        'write coded excerpts and theme × perspective frequency tables.',
    )
    .argument('[inputs...]', 'transcript files, folders or globs; - for standard input')
    .option('-c, --codebook <file>', 'codebook YAML (default: the built-in partnership codebook)')
    .option(
      '-o, --out <dir>',
      'write excerpts.csv, segments.csv, frequencies.csv, cooccurrence.csv, summary.json, report.html and project.qdpx into this folder',
    )
    .addOption(new Option('--table <name>', 'print one table to standard output').choices(TABLE_NAMES))
    .addOption(new Option('--format <format>', 'format for standard output (default: table in a terminal, csv in a pipe)').choices(FORMAT_NAMES))
    .addOption(new Option('--unit <unit>', 'coding unit (default: turn where speakers are labelled, else paragraph)').choices(UNITS))
    .option(
      '--columns <names>',
      "comma-separated attributes to give excerpts.csv as columns, in this order ('' for none; default: every front-matter, header and --attributes field found)",
    )
    .option('--by <attribute>', 'group frequency tables by this attribute (or speaker, or role) instead of perspective')
    .option('--attributes <file.csv>', "join a table of document/speaker attributes (columns 'file' and/or 'speaker', then any others)")
    .addOption(new Option('--perspective-from <source>', 'fall back to the parent folder name as perspective').choices(['folder']))
    .option('--include-interviewer', 'code interviewer turns too (they are kept for context but not coded by default)')
    .option('--interviewer <labels>', 'comma-separated interviewer labels (default: from the codebook)')
    .option(
      '--speaker-pattern <regex>',
      "speaker labels are what this regular expression matches at a line's start, its first group the label (replaces qcode's own reading; see qcode speakers)",
    )
    .option('--context <words>', 'add this many words of context before and after each excerpt')
    .option('--excel', 'CSV for Excel: UTF-8 BOM and CRLF line ends')
    .option('--no-sanitize', 'do not neutralise cells that a spreadsheet would run as formulas')
    .option(
      '-j, --jobs <n>',
      'threads to code on (default: one per core, as far as the transcripts earn them: a second from 40 MB, 80 MB when only counting); output is identical for any n',
    )
    .option(
      '--qdpx <file.qdpx>',
      'write the REFI-QDA project (transcripts, codebook, coded segments, speakers and perspectives as cases) here instead of OUT/project.qdpx; for NVivo, ATLAS.ti, MAXQDA, QualCoder',
    )
    .option('--no-qdpx', 'with --out, skip project.qdpx')
    .option('--shard <K/N>', 'code only shard K of N (a stable split by document name) and write partial results for qcode merge; needs --out')
    .option(
      '--watch',
      'stay running: code again whenever the codebook, the attributes file or a transcript is saved, and print the frequency cells that changed',
    )
    .option('-q, --quiet', 'print only errors on standard error')
    .action((inputs: string[], flags: CodeFlags) => {
      // Commands load on demand, so each run pays only for the modules it uses.
      context.pending.action = import('../code-command.js').then((m) => m.codeCommand(inputs, flags, context.io));
    });
}
