import type { Io } from '../io.js';

/** What a command's declaration needs: where to write, and where to leave the run it starts. */
export interface CommandContext {
  io: Io;
  /** The command's work, started by commander's action and awaited by `run`. */
  pending: { action?: Promise<number> };
}
