import { Option, type Command } from 'commander';
import { FORMAT_NAMES } from '../../report/formats/index.js';
import type { SuggestFlags } from '../suggest-command.js';
import type { CommandContext } from './context.js';

/** Declares `qcode suggest`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
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
      context.pending.action = import('../suggest-command.js').then((m) => m.suggestCommand(theme, flags, context.io));
    });
}
