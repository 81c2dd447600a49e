import type { Command } from 'commander';
import type { MergeFlags } from '../merge-command.js';
import type { CommandContext } from './context.js';

/** Declares `qcode merge`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
  program
    .command('merge')
    .description('Combine the results of qcode code --shard K/N runs into exactly the results of one run over all inputs.')
    .argument('<dirs...>', 'the shard folders (each written by qcode code --shard K/N -o DIR)')
    .option('-o, --out <dir>', 'write the combined excerpts.csv, frequencies.csv, cooccurrence.csv, summary.json, report.html and project.qdpx here')
    .option('-q, --quiet', 'print only errors on standard error')
    .action((dirs: string[], flags: MergeFlags) => {
      context.pending.action = import('../merge-command.js').then((m) => m.mergeCommand(dirs, flags, context.io));
    });
}
