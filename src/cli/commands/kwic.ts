import { Option, type Command } from 'commander';
import { UNITS } from '../../codebook/types.js';
import { FORMAT_NAMES } from '../../report/formats/index.js';
import type { KwicFlags } from '../kwic-command.js';
import type { CommandContext } from './context.js';

/** Declares `qcode kwic`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
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
      context.pending.action = import('../kwic-command.js').then((m) => m.kwicCommand(term, inputs, flags, context.io));
    });
}
