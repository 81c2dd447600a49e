import { Option, type Command } from 'commander';
import { UNITS } from '../../codebook/types.js';
import { FORMAT_NAMES } from '../../report/formats/index.js';
import type { AgreeFlags } from '../agree-command.js';
import type { CommandContext } from './context.js';

/** Declares `qcode agree`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
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
      context.pending.action = import('../agree-command.js').then((m) => m.agreeCommand([reference, candidate, ...more], flags, context.io));
    });
}
