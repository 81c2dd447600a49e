import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { CodebookError, type Diagnostic, formatDiagnostic } from '../diagnostics.js';
import { decodeTranscript } from '../text/decode.js';
import { parseCodebook } from './parse.js';
import type { Codebook } from './types.js';

/** The codebook used when none is named: partnership themes in health and social care. */
export const BUILT_IN_CODEBOOK = join(PACKAGE_ROOT, 'codebooks', 'partnership.yaml');

export interface LoadedCodebook {
  codebook: Codebook;
  warnings: Diagnostic[];
}

/** Far beyond any real codebook; a file this size is a mistake or an attack on the parser. */
const MAX_CODEBOOK_BYTES = 5 * 2 ** 20;

/** A codebook's text, decoded as transcripts are (UTF-8, UTF-16 with BOM, Windows-1252). */
export function readCodebookText(path: string, displayName: string): string {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // Reported by the read below.
  }
  if (size > MAX_CODEBOOK_BYTES) {
    throw new CodebookError(`codebook ${displayName} is ${Math.round(size / 2 ** 20)} MB; refusing to read a codebook over ${MAX_CODEBOOK_BYTES / 2 ** 20} MB`);
  }
  try {
    return decodeTranscript(readFileSync(path)).text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new CodebookError(`cannot read codebook ${displayName}: ${why}`);
  }
}

/**
 * Reads and checks a codebook file. Throws a `CodebookError` (exit code 2) listing every problem
 * as `file:line:column message` when the codebook cannot be used.
 */
export function loadCodebook(path: string, displayName = path): LoadedCodebook {
  return checkedCodebook(readCodebookText(path, displayName), displayName);
}

/** A codebook's text parsed and checked, as `loadCodebook` does once it has read the file. */
export function checkedCodebook(text: string, displayName: string): LoadedCodebook {
  const { codebook, diagnostics } = parseCodebook(displayName, text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!codebook || errors.length > 0) {
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    throw new CodebookError(`codebook ${displayName} has ${count}:\n${errors.map(formatDiagnostic).join('\n')}`, errors);
  }
  return { codebook, warnings: diagnostics.filter((d) => d.severity === 'warning') };
}
