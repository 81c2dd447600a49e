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

export const EXIT = { ok: 0, skipped: 1, usage: 2 } as const;
