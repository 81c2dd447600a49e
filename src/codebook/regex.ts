import { createRequire } from 'node:module';

/** The part of re2js qcode uses: a linear-time engine, so no rule can hang a run. */
export interface LinearRegex {
  matcher(text: string): { find(): boolean; start(): number; end(): number };
}

interface Re2js {
  RE2JS: { compile(pattern: string, flags: number): LinearRegex; CASE_INSENSITIVE: number };
}

// re2js loads only for codebooks that have regex rules.
const require = createRequire(import.meta.url);

/** Compiles a `regex` rule, case-insensitively; throws with the engine's reason when it is not valid. */
export function compileRegex(source: string): LinearRegex {
  const { RE2JS } = require('re2js') as Re2js;
  return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
}
