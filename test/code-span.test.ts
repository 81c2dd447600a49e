import { describe, expect, test } from 'vitest';
import { compileCodebook } from '../src/codebook/compile.js';
import { parseCodebook } from '../src/codebook/parse.js';
import { codeSpan } from '../src/coding/code-span.js';

function compile(themesYaml: string, options = '') {
  const { codebook, diagnostics } = parseCodebook('test.yaml', `name: t\nversion: "1"\n${options}themes:\n${themesYaml}`);
  if (!codebook) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return compileCodebook(codebook);
}

/** `theme: hits/negated [terms]` for each theme coded in `text`. */
function code(compiled: ReturnType<typeof compile>, text: string): string[] {
  return codeSpan(compiled, text, 0, text.length).themes.map((t) => `${compiled.themes[t.theme]!.id}: ${t.hits}/${t.negated} [${t.terms.join('; ')}]`);
}

const trust = compile(`
  - id: trust
    label: Trust
    keywords: [trust, "rely on", "lack of trust", mistrust]
    exclude: ["NHS trust", "hospital trust", "trust fund", "foundation trust*"]
  - id: communication
    label: Communication
    keywords: [communication, "keep in touch"]
    exact: [email, emails]
    patterns: ["communicat*", "phone call*", "co-produc*"]
`);

describe('codeSpan', () => {
  test.each([
    ['stems match inflections', 'They trusted us; trusting is hard; she trusts them.', ['trust: 3/0 [trusted; trusting; trusts]']],
    ['a phrase matches stems in order', 'We relied on the nurses.', ['trust: 1/0 [relied on]']],
    ['a phrase needs its words in order', 'On the nurses we relied.', []],
    ['exclusions cancel hits inside them', 'The NHS trust and the hospital trusts wrote.', []],
    ['a wildcard exclusion', 'The foundation trusts merged.', []],
    ['a hit outside the exclusion still counts', 'The NHS trust is one thing; trust is another.', ['trust: 1/0 [trust]']],
    ['exact rules do not stem', 'She emailed, then sent emails.', ['communication: 1/0 [emails]']],
    [
      'patterns match surface wildcards',
      'Communicating by phone calls, co-producing plans.',
      ['communication: 3/0 [communicating; phone calls; co-producing]'],
    ],
    ['the longest phrase wins and a word counts once', 'There is a lack of trust here.', ['trust: 1/1 [lack of trust]']],
    ['keyword and pattern on the same word count once', 'Communication matters.', ['communication: 1/0 [communication]']],
    ['negation before a hit is marked', "We don't trust them and there is no communication.", ['trust: 1/1 [trust]', 'communication: 1/1 [communication]']],
    ['negation stops at a clause break', 'No. We trust them.', ['trust: 1/0 [trust]']],
    ['negation further than the window is ignored', 'Never did I think that we would trust them.', ['trust: 1/0 [trust]']],
    ['case and curly apostrophes do not matter', 'We DIDN’T TRUST them.', ['trust: 1/1 [trust]']],
    ['hyphenated and spaced phrases match alike', 'We keep-in-touch weekly and keep in touch daily.', ['communication: 2/0 [keep-in-touch; keep in touch]']],
  ])('%s', (_, text, expected) => {
    expect(code(trust, text)).toEqual(expected);
  });

  test('a word with any apostrophe matches, and its matched term is written with a plain one', () => {
    const compiled = compile(`  - id: w\n    label: W\n    exact: ["can't"]\n`);
    for (const apostrophe of ["'", '\u2019', '\u02bc']) expect(code(compiled, `I can${apostrophe}t say.`)).toEqual(["w: 1/0 [can't]"]);
  });

  test('counts words and codes only the span asked for', () => {
    const text = 'trust me. Then communication.';
    const result = codeSpan(trust, text, 10, text.length);
    expect(result.words).toBe(2);
    expect(result.themes.map((t) => t.theme)).toEqual([1]);
  });

  test('the stemmer can be turned off', () => {
    const exactOnly = compile(`  - id: trust\n    label: Trust\n    keywords: [trust]\n`, 'options:\n  stemmer: none\n');
    expect(code(exactOnly, 'trusted trust')).toEqual(['trust: 1/0 [trust]']);
  });

  test('non-ASCII words match', () => {
    const compiled = compile(`  - id: cafe\n    label: Café\n    exact: [café]\n    keywords: [naïve]\n`);
    expect(code(compiled, 'The Café was naïve.')).toEqual(['cafe: 2/0 [café; naïve]']);
  });
});

describe('regex rules', () => {
  const compiled = compile(`
  - id: money
    label: Money
    regex: ['£\\s?\\d[\\d,]*(\\.\\d+)?\\s?(k|m|million)?', 'fee (rate|uplift)s?']
    exclude: ["fee rates table"]
`);

  test('match on the text and count the words they cover; exclusions still apply', () => {
    expect(code(compiled, 'The grant was £1,200 and the Fee Uplift came late.')).toEqual(['money: 2/0 [1,200; fee uplift]']);
    expect(code(compiled, 'See the fee rates table.')).toEqual([]);
    expect(code(compiled, 'No £ here.')).toEqual([]);
  });

  // A backtracking engine would not finish this within the test's time limit.
  test('a pattern that backtracks catastrophically elsewhere finishes here', () => {
    const evil = compile(`  - id: x\n    label: X\n    regex: ['(a+)+$']\n`);
    const text = `${'a'.repeat(50_000)}!`;
    expect(codeSpan(evil, text, 0, text.length).themes).toEqual([]);
  });

  test('an invalid regex is a codebook error with its position', () => {
    const { diagnostics } = parseCodebook('cb.yaml', 'themes:\n  - id: x\n    label: X\n    regex: ["(unclosed"]\n');
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      expect.stringMatching(/^4:13 regex '\(unclosed' of theme 'x' is not valid: /),
    ]);
  });
});
