import { describe, expect, test } from 'vitest';
import { parseCodebook } from '../src/codebook/parse.js';
import { formatDiagnostic } from '../src/diagnostics.js';

const problems = (yaml: string) => parseCodebook('cb.yaml', yaml).diagnostics.map(formatDiagnostic);

describe('parseCodebook', () => {
  test('reads a valid codebook with children flattened after their parent', () => {
    const { codebook, diagnostics } = parseCodebook(
      'cb.yaml',
      `name: Partnership
version: "2.1"
options: { stemmer: lancaster, unit: paragraph, negation_window: 2, interviewer: [Researcher] }
themes:
  - id: integration
    label: Integration
    definition: Joined-up services.
    keywords: [integration]
    children:
      - id: discharge
        label: Discharge
        keywords: [discharge]
  - id: trust
    label: Trust
    exact: [trust]
`,
    );
    expect(diagnostics).toEqual([]);
    expect(codebook?.themes.map((t) => [t.id, t.parent])).toEqual([
      ['integration', null],
      ['discharge', 'integration'],
      ['trust', null],
    ]);
    expect(codebook?.options).toMatchObject({ stemmer: 'lancaster', unit: 'paragraph', negationWindow: 2, interviewer: ['Researcher'] });
  });

  test('lists every problem with its line and column, not only the first', () => {
    expect(
      problems(`name: Broken
version: 1
options:
  stemmer: snowball
  units: turn
themes:
  - id: trust
    label: Trust
    keywrds: [trust]
  - id: trust
    label: Trust again
    keywords: [trust, "--", "collab*"]
    patterns: ["*"]
  - label: No id
    keywords: 7
  - id: Bad Id
    label: Bad
    exact: [{ nested: map }]
`),
    ).toEqual([
      "cb.yaml:4:12 options.stemmer 'snowball' is not one of: porter, lancaster, none",
      "cb.yaml:5:3 unknown key 'units' in options (did you mean 'unit'?); allowed: stemmer, unit, interviewer, speaker_pattern, columns, negation_window, negations",
      "cb.yaml:7:5 theme 'trust' has no rules: give it keywords, exact, patterns, regex or near (or children)",
      "cb.yaml:9:5 unknown key 'keywrds' in theme 1 (did you mean 'keywords'?); allowed: id, label, definition, when_to_use, when_not_to_use, examples, keywords, exact, patterns, regex, near, exclude, threshold, weights, children",
      "cb.yaml:10:9 duplicate theme id 'trust' (first used at line 7)",
      "cb.yaml:12:23 keyword '--' of theme 'trust' has no letters or digits to match",
      "cb.yaml:12:29 keyword 'collab*' of theme 'trust' has a wildcard; put it under patterns",
      "cb.yaml:13:16 pattern '*' of theme 'trust' would match every word",
      'cb.yaml:14:5 theme 3 has no id',
      'cb.yaml:14:5 theme 3 has no rules: give it keywords, exact, patterns, regex or near (or children)',
      "cb.yaml:15:15 'keywords' of theme 3 must be a list of text values, not number '7'",
      "cb.yaml:16:5 theme 'Bad Id' has no rules: give it keywords, exact, patterns, regex or near (or children)",
      "cb.yaml:16:9 theme id 'Bad Id' may use only letters, digits, '-', '_' and '.' and must start with a letter or digit",
      "cb.yaml:18:13 each entry of 'exact' of theme 'Bad Id' must be a text value, not a mapping",
    ]);
  });

  test.each([
    ['YAML syntax errors', 'name: x\nthemes: [\n', /^cb\.yaml:\d+:\d+ YAML syntax: /],
    ['duplicate keys', 'name: x\nname: y\nthemes: []\n', /^cb\.yaml:2:1 duplicate key: each key may appear once in a mapping$/],
    ['an empty file', '', /^cb\.yaml a codebook must be a mapping with 'name', 'version' and 'themes' \(the file is empty\)$/],
    ['a list at the top', '- a\n- b\n', /^cb\.yaml:1:1 a codebook must be a mapping with 'name', 'version' and 'themes', not a list$/],
    ['no themes', 'name: x\n', /^cb\.yaml:1:1 the codebook has no 'themes' list$/],
    ['an empty themes list', 'name: x\nthemes: []\n', /^cb\.yaml:2:9 'themes' must be a non-empty list of themes$/],
    [
      'a bad negation window',
      'options:\n  negation_window: 99\nthemes:\n  - {id: a, label: A, keywords: [a]}\n',
      /^cb\.yaml:2:20 options.negation_window must be a whole number from 0 to 10$/,
    ],
    ['a theme without a label', 'themes:\n  - id: a\n    keywords: [a]\n', /^cb\.yaml:2:5 theme 'a' has no label$/],
  ])('reports %s', (_, yaml, message) => {
    const found = problems(yaml);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  test('a billion-laughs alias chain is measured, not expanded, and refused where it grows', () => {
    let bomb = 'name: bomb\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n';
    for (let i = 1; i < 9; i++)
      bomb += `x${i}: &x${i} [${Array(10)
        .fill(`*x${i - 1}`)
        .join(', ')}]\n`;
    expect(problems(bomb)).toEqual([
      "cb.yaml:10:10 the codebook's aliases expand to 1,060 MB of text, more than the 5 MB a codebook may hold; refusing to read it",
    ]);
  });

  test('a chain that stays small is read as usual', () => {
    const chain = 'name: small\nw: &w trust\nthemes:\n  - id: a\n    label: A\n    keywords: [*w, *w]\n';
    expect(problems(chain)).toEqual(["cb.yaml:2:1 unknown key 'w' in the codebook; allowed: name, version, description, options, themes"]);
  });
});

describe('weighing evidence: threshold and weights', () => {
  const book = (theme: string) => `name: w\nthemes:\n  - id: families\n    label: Families\n${theme}`;

  test('a theme with a threshold codes a segment only when its weighted hits reach it', async () => {
    const { compileCodebook } = await import('../src/codebook/compile.js');
    const { codeSpan } = await import('../src/coding/code-span.js');
    const { codebook } = parseCodebook(
      'cb.yaml',
      book('    keywords: [family, relatives, unpaid carer]\n    threshold: 2\n    weights: { unpaid carer: 2 }\n'),
    );
    const compiled = compileCodebook(codebook as NonNullable<typeof codebook>);
    const coded = (text: string) => codeSpan(compiled, text, 0, text.length).themes.length > 0;
    expect(coded('He mentioned his family once.')).toBe(false);
    expect(coded('Her family and other relatives visit.')).toBe(true);
    expect(coded('As an unpaid carer I get no break.')).toBe(true);
  });

  test("weights must name the theme's rules, and threshold must be a positive number", () => {
    expect(problems(book('    keywords: [family]\n    threshold: 0\n    weights: { famly: 2, family: -1 }\n'))).toEqual([
      "cb.yaml:6:16 'threshold' of theme 'families' must be a number above 0 and at most 100: the weighted hits a segment needs to be coded",
      "cb.yaml:7:16 'weights' of theme 'families' names 'famly', which is not one of its keywords, exact, patterns or regex rules",
      "cb.yaml:7:34 the weight of 'family' in theme 'families' must be a number above 0 and at most 100",
    ]);
  });
});

describe('near rules: two terms within N words of each other', () => {
  test('code a segment where the terms stand close, in either order, and not where they are far apart', async () => {
    const { compileCodebook } = await import('../src/codebook/compile.js');
    const { codeSpan } = await import('../src/coding/code-span.js');
    const { codebook } = parseCodebook('cb.yaml', 'name: n\nthemes:\n  - id: trust\n    label: Trust\n    near: ["trust NEAR/3 council"]\n');
    const compiled = compileCodebook(codebook as NonNullable<typeof codebook>);
    const hit = (text: string) => codeSpan(compiled, text, 0, text.length).themes[0];
    expect(hit('We trusted the local council a lot.')?.terms).toEqual(['trusted the local council']);
    expect(hit('The council, we do trust them.')?.hits).toBe(1);
    expect(hit('We trust our nurses, and much later in the year, the council too.')).toBeUndefined();
  });

  test('a near rule that is not two terms joined by NEAR/N is refused with its place', () => {
    expect(problems('name: n\nthemes:\n  - id: t\n    label: T\n    near: ["trust council", "a NEAR/99 b"]\n')).toEqual([
      "cb.yaml:5:12 near rule 'trust council' of theme 't' must be two terms joined by NEAR or NEAR/N (N from 1 to 50 words between them), e.g. 'trust NEAR/5 council'",
      "cb.yaml:5:29 near rule 'a NEAR/99 b' of theme 't' must be two terms joined by NEAR or NEAR/N (N from 1 to 50 words between them), e.g. 'trust NEAR/5 council'",
    ]);
  });
});
