/** A problem found in a user's file, located as precisely as the file allows. */
export interface Diagnostic {
  file: string;
  /** 1-based; absent when the problem concerns the whole file. */
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** `file:line:column message`, the shape editors and CI annotators recognise. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;
  return `${where} ${d.message}`;
}

/** An error that ends the run with a given exit code and a message meant for the user. */
export class QcodeError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'QcodeError';
  }
}

/** A command line qcode cannot act on: a flag's value, a missing argument (exit 2). */
export class UsageError extends QcodeError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** A codebook that cannot be read or is not valid, with every problem found (exit 2). */
export class CodebookError extends QcodeError {
  constructor(message: string, diagnostics: Diagnostic[] = []) {
    super(message, 2, diagnostics);
    this.name = 'CodebookError';
  }
}

/** An input other than a transcript — a coding, an attributes table, a results folder — that cannot be used (exit 2). */
export class InputError extends QcodeError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'InputError';
  }
}

/** Results that cannot be written; what was there before is left as it was (exit 2). */
export class OutputError extends QcodeError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'OutputError';
  }
}

/**
 * A problem that stops one transcript being coded, with its 1-based line and column when there
 * is one. Not fatal to a run: the transcript is skipped and reported (exit 1).
 */
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

export const EXIT = { ok: 0, skipped: 1, usage: 2 } as const;
