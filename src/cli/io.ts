import { readFileSync } from 'node:fs';
import { Chalk, type ChalkInstance } from 'chalk';

/** A stream the CLI writes to. */
export interface Output {
  write(data: string | Uint8Array): unknown;
  isTTY?: boolean | undefined;
}

/** Everything the CLI touches of its process, so tests can run it in-process. */
export interface Io {
  stdout: Output;
  stderr: Output;
  readStdin: () => Promise<Uint8Array>;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Colour only for a terminal, and never when `NO_COLOR` is set (https://no-color.org). */
export function chalkFor(io: Io, stream: Output): ChalkInstance {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const force = io.env.FORCE_COLOR;
  if (noColor) return new Chalk({ level: 0 });
  if (force !== undefined && force !== '' && force !== '0') return new Chalk({ level: 1 });
  return new Chalk({ level: stream.isTTY ? 1 : 0 });
}

export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** `1834` → `1,834`, without depending on the machine's locale data. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
