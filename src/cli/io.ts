import { colourPaint, PLAIN, type Paint } from '../report/paint.js';

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
export async function paintFor(io: Io, stream: Output): Promise<Paint> {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const force = io.env.FORCE_COLOR;
  if (noColor) return PLAIN;
  if ((force !== undefined && force !== '' && force !== '0') || stream.isTTY) return colourPaint(1);
  return PLAIN;
}

export { VERSION } from '../package-root.js';

/** `1834` → `1,834`, without depending on the machine's locale data. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
