import { Command, CommanderError } from 'commander';
import { QcodeError } from '../diagnostics.js';
import * as code from './commands/code.js';
import * as speakers from './commands/speakers.js';
import * as agree from './commands/agree.js';
import * as codebook from './commands/codebook.js';
import * as suggest from './commands/suggest.js';
import * as kwic from './commands/kwic.js';
import * as diff from './commands/diff.js';
import * as init from './commands/init.js';
import * as report from './commands/report.js';
import * as merge from './commands/merge.js';
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

  const context = { io, pending };
  // Each command declared in its own file, in the order --help lists them.
  code.register(program, context);
  speakers.register(program, context);
  agree.register(program, context);
  codebook.register(program, context);
  suggest.register(program, context);
  kwic.register(program, context);
  diff.register(program, context);
  init.register(program, context);
  report.register(program, context);
  merge.register(program, context);
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
