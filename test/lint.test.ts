import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lintCodebook } from '../src/refine/lint.js';
import { parseCodebook } from '../src/codebook/parse.js';
import { runQcode, tempDir } from './helpers.js';

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
      'trust: keyword "care" is matched on its stem ~care, which also matches careful: if those are not meant, make it exact or a phrase',
      'care: keyword "caring" is matched on its stem ~care, which also matches careful: if those are not meant, make it exact or a phrase',
      'care: "caring" matches the same words as "care" of theme \'trust\' (stems care)',
    ]);
  });

  test('names the common words of other meanings a stemmed keyword also matches, not its own forms', () => {
    const { codebook } = parseCodebook(
      'cb.yaml',
      `themes:
  - id: families
    label: Families
    definition: Relatives and unpaid carers.
    keywords: [relatives, community, participation, family, recruitment]
    exact: [relatively]
`,
    );
    expect(lintCodebook(codebook!).map((f) => f.message)).toEqual([
      'keyword "relatives" is matched on its stem ~rel, which also matches relatively: if those are not meant, make it exact or a phrase',
      'keyword "community" is matched on its stem ~commun, which also matches communicate, communicated, communicates, communicating, communication, communications and 1 more: if those are not meant, make it exact or a phrase',
      'keyword "participation" is matched on its stem ~particip, which also matches participant, participants: if those are not meant, make it exact or a phrase',
    ]);
  });

  test('a codebook without stemming has no stem collisions', () => {
    const { codebook } = parseCodebook(
      'cb.yaml',
      `options:\n  stemmer: none\nthemes:\n  - id: f\n    label: F\n    definition: d\n    keywords: [relatives]\n`,
    );
    expect(lintCodebook(codebook!)).toEqual([]);
  });

  test('the built-in codebook has no warnings: every example is coded by its own theme', async () => {
    const result = await runQcode(['codebook', 'lint', 'codebooks/partnership.yaml']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'No warnings in codebooks/partnership.yaml\n' });
  });
});

describe('codebook explain', () => {
  test('lists each rule with what it matches as, and the words it matched in a corpus', async () => {
    const result = await runQcode([
      'codebook',
      'explain',
      'fixtures/codebooks/small.yaml',
      'trust',
      'integration',
      '--in',
      'fixtures/e2e/transcripts',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'theme_id,kind,rule,matches_as,matched_in_corpus',
        'trust,keyword,trust,~trust,trust ×3',
        'trust,keyword,rely on,~reli ~on,rely on ×2',
        'trust,keyword,mistrust,~mistrust,',
        'trust,exclude,NHS trust,~nh ~trust,',
        'trust,exclude,hospital trust,~hospit ~trust,',
        'trust,exclude,trust fund,~trust ~fund,',
        'integration,keyword,joined up,~join ~up,joined-up ×2',
        'integration,pattern,collaborat*,collaborat…,"collaborated ×1, collaborating ×1"',
        'integration,pattern,co-locat*,"""co"" locat…",co-location ×1',
        'integration,pattern,multi-agency,"""multi"" ""agency""",multi-agency ×1',
        '',
      ].join('\n'),
    );
  });

  test('an unknown theme is a usage error listing the themes', async () => {
    const result = await runQcode(['codebook', 'explain', 'fixtures/codebooks/small.yaml', 'nope']);
    expect(result).toMatchObject({
      code: 2,
      stderr: "qcode: fixtures/codebooks/small.yaml has no theme 'nope'; its themes are: trust, communication, integration, discharge\n",
    });
  });
});

describe('codebook explain with weighed evidence', () => {
  test("says what a weighted rule counts towards its theme's threshold", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'w.yaml'),
      'name: w\nthemes:\n  - id: families\n    label: Families\n    keywords: [family, unpaid carer]\n    weights: { family: 0.5 }\n',
    );
    const result = await runQcode(['codebook', 'explain', 'w.yaml', '--format', 'csv'], { cwd: dir });
    expect(result.stdout).toBe(
      'theme_id,kind,rule,matches_as\nfamilies,keyword,family,~famili · weighs 0.5 of 1\nfamilies,keyword,unpaid carer,~unpaid ~carer · weighs 1 of 1\n',
    );
  });
});
