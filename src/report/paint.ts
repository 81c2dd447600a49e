/** The few styles qcode's terminal views use; plain text when colour is off. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  /** Bold green: the strongest shade of the heat map. */
  strong(text: string): string;
  /** Something to look at: a doubt, a warning. */
  warn(text: string): string;
}

const same = (text: string) => text;

export const PLAIN: Paint = { bold: same, dim: same, green: same, strong: same, warn: same };

/** Colours from chalk, loaded only when they are wanted so a piped run does not pay for it. */
export async function colourPaint(level: 1 | 2 | 3): Promise<Paint> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level });
  return {
    bold: (t) => chalk.bold(t),
    dim: (t) => chalk.dim(t),
    green: (t) => chalk.green(t),
    strong: (t) => chalk.bold.green(t),
    warn: (t) => chalk.yellow(t),
  };
}
