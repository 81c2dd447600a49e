import { Option, type Command } from 'commander';
import { FORMAT_NAMES } from '../../report/formats/index.js';
import type { SpeakersFlags } from '../speakers-command.js';
import type { CommandContext } from './context.js';

/** Declares `qcode speakers`; the command itself loads when it runs. */
export function register(program: Command, context: CommandContext): void {
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
      context.pending.action = import('../speakers-command.js').then((m) => m.speakersCommand(inputs, flags, context.io));
    });
}
