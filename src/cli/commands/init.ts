import type { Command } from 'commander';
import type { CommandContext } from './context.js';

/** Declares `qcode init`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
  program
    .command('init')
    .description('Start a project: codebook.yaml (a commented copy of the built-in codebook) and an example transcript. Never overwrites a file.')
    .argument('[dir]', 'the folder to start it in (default: the current folder)')
    .action((dir: string | undefined) => {
      context.pending.action = import('../init-command.js').then((m) => m.initCommand(dir, context.io));
    });
}
