import type { Command } from 'commander';
import type { CommandContext } from './context.js';

/** Declares `qcode report`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
  program
    .command('report')
    .description(
      'Build report.html in a results folder of qcode code --out: a self-contained page with the theme × perspective heat map, charts, co-occurrence and a searchable excerpt browser.',
    )
    .argument('<dir>', 'the results folder')
    .option('-q, --quiet', 'print only errors on standard error')
    .action((dir: string, flags: { quiet?: boolean }) => {
      context.pending.action = import('../report-command.js').then((m) => m.reportCommand(dir, flags, context.io));
    });
}
