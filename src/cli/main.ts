import type { Io } from './io.js';
import { abortAllOutputs } from '../output/atomic.js';
import { run } from './run.js';

// The bundle's worker threads load this same bundle (bin/load-bundle.cjs) and serve from here.
export { serveWorker } from '../run/serve-worker.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The process side of the CLI: real streams, working folder and environment. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readAll(process.stdin),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** Exit codes for the signals that stop a run: 128 and the signal's number, as shells report them. */
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * A run stopped by Ctrl-C, `kill` or a closed terminal removes what it has staged (hundreds of
 * megabytes of hidden files in a large run), says so, and exits; worker threads end with the
 * process. Earlier results were never touched: outputs are only renamed into place at the end.
 */
function stopCleanlyOnSignals(): void {
  for (const [signal, code] of Object.entries(SIGNALS)) {
    process.once(signal, () => {
      abortAllOutputs();
      process.stderr.write(`qcode: interrupted (${signal}); no results were replaced\n`);
      process.exit(code);
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  stopCleanlyOnSignals();
  // A reader that stops early (`qcode … | head`) closes the pipe: that ends the run quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return run(argv, processIo());
}
