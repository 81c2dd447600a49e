import { Option, type Command } from 'commander';
import { UNITS } from '../../codebook/types.js';
import { FORMAT_NAMES } from '../../report/formats/index.js';
import type { ExplainFlags } from '../codebook-command.js';
import type { FitFlags } from '../fit-command.js';
import type { CommandContext } from './context.js';

/** Declares `qcode codebook` and its subcommands; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
  const codebook = program.command('codebook').description('Work with codebooks.');
  codebook
    .command('validate')
    .description('Check a codebook and list every problem as file:line:column (exit 2 if there is one).')
    .argument('<file>', 'the codebook YAML')
    .action((file: string) => {
      context.pending.action = import('../codebook-command.js').then((m) => m.validateCommand(file, context.io));
    });

  codebook
    .command('lint')
    .description(
      'Warn about what is valid but probably a mistake: examples the theme does not code, exclusions that cancel nothing, a word claimed by two themes, a theme without a definition, a keyword whose stem also matches common words of other meanings (relatives → relatively).',
    )
    .argument('<file>', 'the codebook YAML')
    .action((file: string) => {
      context.pending.action = import('../codebook-command.js').then((m) => m.lintCommand(file, context.io));
    });

  codebook
    .command('import')
    .description(
      'Turn a LIWC (.dic), WordStat (.cat) or quanteda YAML (.yml) dictionary into a qcode codebook: categories become themes, nested ones child themes, entries with * patterns and the others exact words.',
    )
    .argument('<file>', 'the dictionary')
    .option('-o, --out <file>', 'write the codebook here (never over an existing file) instead of standard output')
    .action((file: string, flags: { out?: string }) => {
      context.pending.action = import('../codebook-command.js').then((m) => m.importCommand(file, flags, context.io));
    });

  codebook
    .command('export')
    .description('Write the codebook in another format: --to qdc, the REFI-QDA codebook that NVivo, ATLAS.ti, MAXQDA and QualCoder import.')
    .argument('<file>', 'the codebook YAML')
    .addOption(new Option('--to <format>', 'the format to write').choices(['qdc']).makeOptionMandatory())
    .option('-o, --out <file>', 'write it here (never over an existing file) instead of standard output')
    .action((file: string, flags: { to?: string; out?: string }) => {
      context.pending.action = import('../codebook-command.js').then((m) => m.exportCommand(file, flags, context.io));
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
      context.pending.action = import('../codebook-command.js').then((m) => m.explainCommand(file, themes, flags, context.io));
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
      context.pending.action = import('../fit-command.js').then((m) => m.fitCommand(file, coding, flags, context.io));
    });
}
