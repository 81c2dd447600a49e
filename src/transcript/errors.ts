/** A problem that stops one transcript being coded, with its 1-based line and column when there is one. */
export class TranscriptError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TranscriptError';
  }
}
