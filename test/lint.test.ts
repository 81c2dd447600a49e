import { describe, expect, test } from 'vitest';
import { lintCodebook } from '../src/codebook/lint.js';
import { parseCodebook } from '../src/codebook/parse.js';
import { runQcode } from './helpers.js';

describe('codebook lint', () => {
  test('finds examples the theme does not code, dead exclusions, shared words and missing definitions', () => {
    const { codebook } = parseCodebook(
      'cb.yaml',
      `themes:
  - id: trust
    label: Trust
    definition: Confidence in partners.
    keywords: [trust, care]
    exclude: [NHS trust, hospital bed]
    examples: ["We trust them.", "We rely on them."]
  - id: care
    label: Care
    keywords: [caring]
    exact: [trust]
`,
    );
    expect(lintCodebook(codebook!).map((f) => `${f.theme}: ${f.message}`)).toEqual([
      'trust: example "We rely on them." is not coded by the theme\'s own rules',
      'trust: exclusion "hospital bed" cancels nothing: none of the theme\'s rules matches inside it',
      'care: has no definition',
      'care: "caring" matches the same words as "care" of theme \'trust\' (stems care)',
    ]);
  });

  test('the built-in codebook has no warnings: every example is coded by its own theme', async () => {
    const result = await runQcode(['codebook', 'lint', 'codebooks/partnership.yaml']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'No warnings in codebooks/partnership.yaml\n' });
  });
});
