import { Option, type Command } from 'commander';
import { FORMAT_NAMES } from '../../report/formats/index.js';
import type { DiffFlags } from '../diff-command.js';
import type { CommandContext } from './context.js';

/** Declares `qcode diff`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
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
      context.pending.action = import('../diff-command.js').then((m) => m.diffCommand(oldDir, newDir, flags, context.io));
    });
}
