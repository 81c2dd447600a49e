import { Command, CommanderError, Option } from 'commander';
import { UNITS } from '../codebook/types.js';
import { QcodeError } from '../diagnostics.js';
import { FORMAT_NAMES } from '../report/formats/index.js';
import { TABLE_NAMES } from '../report/tables.js';
import { EXTENSIONS } from '../transcript/formats/index.js';
import type { AgreeFlags } from './agree-command.js';
import type { CodeFlags } from './code-command.js';
import type { ExplainFlags } from './codebook-command.js';
import type { DiffFlags } from './diff-command.js';
import type { FitFlags } from './fit-command.js';
import type { KwicFlags } from './kwic-command.js';
import type { MergeFlags } from './merge-command.js';
import type { SpeakersFlags } from './speakers-command.js';
import type { SuggestFlags } from './suggest-command.js';
import { VERSION, type Io } from './io.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  everything coded
  1  finished, but some inputs were skipped (each named on standard error)
  2  usage or codebook error; nothing coded
  130, 143, 129  stopped by Ctrl-C, SIGTERM or SIGHUP: what was staged is removed, earlier results kept`;

function buildProgram(io: Io, pending: { action?: Promise<number> }): Command {
  const program = new Command('qcode')
    .description('Qualitative coding of interview transcripts with a YAML codebook of themes.')
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show the stack trace of an internal error (a bug: please report it)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError('(run qcode --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

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
    .option('-j, --jobs <n>', 'threads to code on (default: one per core, and at most one per 32 MB of transcripts); output is identical for any n')
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
      pending.action = import('./code-command.js').then((m) => m.codeCommand(inputs, flags, io));
    });

  program
    .command('speakers')
    .description(
      'Show how speakers were read in each transcript: the labelling convention found, every speaker with role, turns and words, ' +
        'the header block taken as attributes, and doubts to act on (a label used once, one very long turn, no interviewer). Run it before coding new files.',
    )
    .argument('[inputs...]', 'transcript files, folders or globs (default: the current folder)')
    .option('-c, --codebook <file>', 'codebook whose interviewer labels and speaker_pattern to use (default: the built-in one)')
    .option('--interviewer <labels>', 'comma-separated interviewer labels (default: from the codebook)')
    .option('--speaker-pattern <regex>', "speaker labels are what this regular expression matches at a line's start, its first group the label")
    .addOption(
      new Option(
        '--format <format>',
        'output format (default: a block per transcript in a terminal, csv in a pipe; json gives header fields and doubts too)',
      ).choices(FORMAT_NAMES),
    )
    .action((inputs: string[], flags: SpeakersFlags) => {
      pending.action = import('./speakers-command.js').then((m) => m.speakersCommand(inputs, flags, io));
    });

  program
    .command('agree')
    .description(
      'Agreement between codings of the same segments (qcode excerpts.csv files, or any CSV with segment_id and theme_id ' +
        'columns; a row with an empty theme_id records a segment with no theme): per theme precision, recall, F1, ' +
        "Cohen's kappa and Krippendorff's alpha of CANDIDATE against REFERENCE, micro and macro F1, pooled kappa and alpha; " +
        "with three or more codings, Krippendorff's alpha per theme and pooled.",
    )
    .argument('<reference>', 'the reference coding, e.g. a human coder (CSV)')
    .argument(
      '<candidate>',
      "the coding to compare with it, e.g. qcode's excerpts.csv or its results folder (segments.csv beside it adds the segments coded with no theme)",
    )
    .argument('[more...]', 'further coders (alpha only)')
    .option('-c, --codebook <file>', 'list themes in this codebook order, including themes neither coding used')
    .option('--min-kappa <kappa>', 'exit 1 when pooled kappa falls below this (for a CI job guarding a codebook against a hand-coded sample)')
    .option(
      '--show-disagreements <transcripts...>',
      'instead of the statistics, list each segment and theme the two codings disagree on, with its text from these transcripts',
    )
    .addOption(new Option('--unit <unit>', 'how the transcripts were cut when they were coded (default: as qcode code cuts them)').choices(UNITS))
    .addOption(new Option('--format <format>', 'output format (default: table in a terminal, csv in a pipe)').choices(FORMAT_NAMES))
    .option('-q, --quiet', 'no summary line on standard error')
    .action((reference: string, candidate: string, more: string[], flags: AgreeFlags) => {
      pending.action = import('./agree-command.js').then((m) => m.agreeCommand([reference, candidate, ...more], flags, io));
    });

  const codebook = program.command('codebook').description('Work with codebooks.');
  codebook
    .command('validate')
    .description('Check a codebook and list every problem as file:line:column (exit 2 if there is one).')
    .argument('<file>', 'the codebook YAML')
    .action((file: string) => {
      pending.action = import('./codebook-command.js').then((m) => m.validateCommand(file, io));
    });

  codebook
    .command('lint')
    .description(
      'Warn about what is valid but probably a mistake: examples the theme does not code, exclusions that cancel nothing, a word claimed by two themes, a theme without a definition.',
    )
    .argument('<file>', 'the codebook YAML')
    .action((file: string) => {
      pending.action = import('./codebook-command.js').then((m) => m.lintCommand(file, io));
    });

  codebook
    .command('import')
    .description(
      'Turn a LIWC (.dic), WordStat (.cat) or quanteda YAML (.yml) dictionary into a qcode codebook: categories become themes, nested ones child themes, entries with * patterns and the others exact words.',
    )
    .argument('<file>', 'the dictionary')
    .option('-o, --out <file>', 'write the codebook here (never over an existing file) instead of standard output')
    .action((file: string, flags: { out?: string }) => {
      pending.action = import('./codebook-command.js').then((m) => m.importCommand(file, flags, io));
    });

  codebook
    .command('export')
    .description('Write the codebook in another format: --to qdc, the REFI-QDA codebook that NVivo, ATLAS.ti, MAXQDA and QualCoder import.')
    .argument('<file>', 'the codebook YAML')
    .addOption(new Option('--to <format>', 'the format to write').choices(['qdc']).makeOptionMandatory())
    .option('-o, --out <file>', 'write it here (never over an existing file) instead of standard output')
    .action((file: string, flags: { to?: string; out?: string }) => {
      pending.action = import('./codebook-command.js').then((m) => m.exportCommand(file, flags, io));
    });

  codebook
    .command('explain')
    .description(
      'List every rule with what it matches as (stems ~stem, surface "word", prefixes word…, wildcards); with --in, the words each rule matched in those transcripts, with counts.',
    )
    .argument('<file>', 'the codebook YAML')
    .argument('[themes...]', 'only these theme ids')
    .option('--in <inputs...>', 'transcripts to count what each rule matched in')
    .addOption(new Option('--format <format>', 'output format (default: table in a terminal, csv in a pipe)').choices(FORMAT_NAMES))
    .action((file: string, themes: string[], flags: ExplainFlags) => {
      pending.action = import('./codebook-command.js').then((m) => m.explainCommand(file, themes, flags, io));
    });

  codebook
    .command('fit')
    .description(
      'What a hand-coded sample says the codebook is missing: per theme, rules whose hits the coding does not share (with their contexts), ' +
        'phrases key to the coded segments, and weights and a threshold that raise kappa, chosen greedily and scored by cross-validation — ' +
        'written as a commented YAML patch to review, never applied.',
    )
    .argument('<file>', 'the codebook YAML')
    .argument('<coding>', 'the hand coding: a CSV with segment_id and theme_id columns (a row with an empty theme_id: a segment coded with no theme)')
    .requiredOption('--in <inputs...>', 'the transcripts the sample was coded from (their other segments count as coded with no theme)')
    .addOption(new Option('--unit <unit>', 'how the transcripts were cut when they were coded (default: as qcode code cuts them)').choices(UNITS))
    .option('--folds <n>', 'cross-validation folds (by document where there are enough, else by segment)', '5')
    .option('-o, --out <file>', 'write the patch here (never over an existing file) and print the per-theme table instead')
    .addOption(new Option('--format <format>', 'format of the per-theme table with --out (default: table in a terminal, csv in a pipe)').choices(FORMAT_NAMES))
    .action((file: string, coding: string, flags: FitFlags) => {
      pending.action = import('./fit-command.js').then((m) => m.fitCommand(file, coding, flags, io));
    });

  program
    .command('suggest')
    .description(
      'Candidate rules for a theme: words and two-word phrases over-represented in the segments it codes against the rest (log-likelihood keyness), not yet matched by its rules, each with a line of context.',
    )
    .argument('<theme>', 'the theme id')
    .requiredOption('--in <inputs...>', 'transcripts to learn from')
    .option('-c, --codebook <file>', 'the codebook (default: the built-in one)')
    .option('--top <n>', 'how many candidates', '20')
    .addOption(new Option('--format <format>', 'output format (default: table in a terminal, csv in a pipe)').choices(FORMAT_NAMES))
    .action((theme: string, flags: SuggestFlags) => {
      pending.action = import('./suggest-command.js').then((m) => m.suggestCommand(theme, flags, io));
    });

  program
    .command('kwic')
    .description('Keyword in context: every place a term matches in the transcripts, with words either side — the fastest way to see what a rule catches.')
    .argument('<term>', 'a word or phrase (matched on stems), a wildcard such as collaborat*, or a theme id of the codebook')
    .argument('[inputs...]', 'transcript files, folders or globs (default: the current folder)')
    .option('-c, --codebook <file>', 'codebook whose themes and options to use (default: the built-in one)')
    .option('-w, --window <words>', 'words of context on each side', '5')
    .option('--exact', 'match the term on its surface form, not its stems')
    .addOption(new Option('--unit <unit>', 'the segments context stays within (default: as qcode code cuts them)').choices(UNITS))
    .option('--include-interviewer', "show matches in the interviewer's turns too (as qcode code --include-interviewer codes them)")
    .addOption(new Option('--format <format>', 'output format (default: aligned lines in a terminal, csv in a pipe)').choices(FORMAT_NAMES))
    .action((term: string, inputs: string[], flags: KwicFlags) => {
      pending.action = import('./kwic-command.js').then((m) => m.kwicCommand(term, inputs, flags, io));
    });

  program
    .command('diff')
    .description(
      'What a codebook change did: per theme, the segments the newer run codes and the older did not (gained) and the reverse (lost), with their text, ' +
        'between two results folders of qcode code --out over the same transcripts.',
    )
    .argument('<old>', 'the results folder before the change')
    .argument('<new>', 'the results folder after it')
    .addOption(
      new Option('--format <format>', 'output format (default: per-theme counts and the changed segments in a terminal, csv of the changes in a pipe)').choices(
        FORMAT_NAMES,
      ),
    )
    .option('--exit-code', 'exit 1 when any segment was gained or lost (as git diff --exit-code), for a CI job that guards a codebook')
    .action((oldDir: string, newDir: string, flags: DiffFlags) => {
      pending.action = import('./diff-command.js').then((m) => m.diffCommand(oldDir, newDir, flags, io));
    });

  program
    .command('init')
    .description('Start a project: codebook.yaml (a commented copy of the built-in codebook) and an example transcript. Never overwrites a file.')
    .argument('[dir]', 'the folder to start it in (default: the current folder)')
    .action((dir: string | undefined) => {
      pending.action = import('./init-command.js').then((m) => m.initCommand(dir, io));
    });

  program
    .command('report')
    .description(
      'Build report.html in a results folder of qcode code --out: a self-contained page with the theme × perspective heat map, charts, co-occurrence and a searchable excerpt browser.',
    )
    .argument('<dir>', 'the results folder')
    .option('-q, --quiet', 'print only errors on standard error')
    .action((dir: string, flags: { quiet?: boolean }) => {
      pending.action = import('./report-command.js').then((m) => m.reportCommand(dir, flags, io));
    });

  program
    .command('merge')
    .description('Combine the results of qcode code --shard K/N runs into exactly the results of one run over all inputs.')
    .argument('<dirs...>', 'the shard folders (each written by qcode code --shard K/N -o DIR)')
    .option('-o, --out <dir>', 'write the combined excerpts.csv, frequencies.csv, cooccurrence.csv, summary.json, report.html and project.qdpx here')
    .option('-q, --quiet', 'print only errors on standard error')
    .action((dirs: string[], flags: MergeFlags) => {
      pending.action = import('./merge-command.js').then((m) => m.mergeCommand(dirs, flags, io));
    });
  return program;
}

/**
 * Runs qcode with the given arguments (without `node` and the script) and returns the exit code.
 * Never exits the process and writes only through `io`, so it runs the same in tests.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const pending: { action?: Promise<number> } = {};
  const program = buildProgram(io, pending);
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(
      argv.filter((a) => a !== '--verbose'),
      { from: 'user' },
    );
    if (!pending.action) {
      program.outputHelp();
      return 2;
    }
    return await pending.action;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof QcodeError) {
      io.stderr.write(`qcode: ${error.message}\n`);
      return error.exitCode;
    }
    const e = error as Error;
    io.stderr.write(`qcode: internal error: ${e.message}\n${verbose ? `${e.stack ?? ''}\n` : '(run with --verbose for details)\n'}`);
    return 2;
  }
}
