import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareCodings, krippendorffAlpha, type Coding } from '../src/analysis/agreement.js';
import { parseCoding } from '../src/analysis/read-coding.js';
import { ROOT, runQcode, tempDir } from './helpers.js';

/** A coding of segments s1..s10 from theme → segment numbers. */
function coding(byTheme: Record<string, number[]>): Coding {
  const c: Coding = new Map();
  for (let i = 1; i <= 10; i++) c.set(`s${i}`, new Set());
  for (const [theme, ids] of Object.entries(byTheme)) for (const i of ids) c.get(`s${i}`)!.add(theme);
  return c;
}

describe('compareCodings (checked against values computed by hand)', () => {
  const reference = coding({ x: [1, 2, 3, 4], y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
  const candidate = coding({ x: [3, 4, 5, 6], y: [1, 2, 3, 4, 5] });
  const result = compareCodings(reference, candidate, ['x', 'y', 'z']);
  const [x, y, z] = result.themes;

  test('partial agreement: P = R = F1 = 0.5; po 0.6, pe 0.52, kappa 0.08/0.48', () => {
    expect(x).toMatchObject({ reference: 4, candidate: 4, both: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(x?.kappa).toBeCloseTo(0.08 / 0.48, 10);
  });

  test('one coder used the theme everywhere: kappa is 0, precision 1, recall 0.5', () => {
    expect(y).toMatchObject({ reference: 10, candidate: 5, both: 5, precision: 1, recall: 0.5, kappa: 0 });
    expect(y?.f1).toBeCloseTo(10 / 15, 10);
  });

  test('a theme neither coder used has no statistics (not a perfect score)', () => {
    expect(z).toEqual({ theme: 'z', reference: 0, candidate: 0, both: 0, precision: undefined, recall: undefined, f1: undefined, kappa: undefined });
  });

  test('pooled kappa averages observed and chance agreement over the themes used', () => {
    expect(result.pooledKappa).toBeCloseTo((0.55 - 0.51) / (1 - 0.51), 10);
  });

  test('micro and macro F1', () => {
    expect(result.micro.precision).toBeCloseTo(7 / 9, 10);
    expect(result.micro.recall).toBeCloseTo(7 / 14, 10);
    expect(result.micro.f1).toBeCloseTo(14 / 23, 10);
    expect(result.macroF1).toBeCloseTo((0.5 + 10 / 15) / 2, 10);
  });

  test('identical codings agree perfectly', () => {
    const same = compareCodings(reference, reference);
    expect(same.pooledKappa).toBe(1);
    expect(same.themes.map((t) => t.kappa)).toEqual([1, undefined]);
  });
});

describe("Krippendorff's alpha (checked against values computed by hand)", () => {
  const reference = coding({ x: [1, 2, 3, 4], y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
  const candidate = coding({ x: [3, 4, 5, 6], y: [1, 2, 3, 4, 5] });

  test('two coders: x has 4 disagreeing units of 10, 8 yes and 12 no values: 1 − 19·4/(8·12)', () => {
    const { themes } = krippendorffAlpha([reference, candidate], ['x', 'y', 'z']);
    expect(themes[0]?.alpha).toBeCloseTo(1 - 76 / 96, 10);
    // y: 5 disagreeing units, 15 yes, 5 no: 1 − 19·5/(15·5), below zero (worse than chance)
    expect(themes[1]?.alpha).toBeCloseTo(1 - 95 / 75, 10);
    expect(themes[2]?.alpha).toBeUndefined();
  });

  test('three coders: each disagreeing unit counts yes·no/(m − 1)', () => {
    const third = coding({ x: [1, 2, 3, 4] });
    const { themes, pooled } = krippendorffAlpha([reference, candidate, third], ['x']);
    // Units 1, 2: 2 yes 1 no; 3, 4: 3 yes; 5, 6: 1 yes 2 no; 7–10: 3 no. Disagreement 4 · (2·1)/2 = 4;
    // 12 yes and 18 no values of 30: alpha = 1 − 29·4/(12·18)
    expect(themes[0]?.alpha).toBeCloseTo(1 - 116 / 216, 10);
    expect(pooled).toBeCloseTo(1 - 116 / 216, 10);
  });
});

describe('parseCoding', () => {
  test('reads segment_id,theme_id rows; an empty theme records an uncoded segment', () => {
    const c = parseCoding('gold.csv', 'segment_id,theme_id\na#1,trust\na#1,communication\na#2,\n');
    expect([...c.entries()].map(([k, v]) => [k, [...v]])).toEqual([
      ['a#1', ['trust', 'communication']],
      ['a#2', []],
    ]);
  });

  test('refuses a file without the columns, naming what it found', () => {
    expect(() => parseCoding('gold.csv', 'segment,code\na,b\n')).toThrow(
      "gold.csv:1:1 a coding needs 'segment_id' and 'theme_id' columns; found: segment, code",
    );
  });
});

describe('qcode agree', () => {
  test('compares a plain coding file with qcode excerpts.csv and prints CSV in a pipe', async () => {
    // Human: d#1 trust, d#3 communication, d#4 trust. qcode: d#1 trust, d#3 trust + communication (emails).
    const dir = tempDir();
    writeFileSync(join(dir, 'human.csv'), 'segment_id,theme_id\nd#1,trust\nd#2,\nd#3,communication\nd#4,trust\n');
    const excerpts = await runQcode(['code', '-', '-c', 'fixtures/codebooks/small.yaml', '--unit', 'paragraph', '--table', 'excerpts', '--format', 'csv'], {
      stdin: 'We trust them.\n\nThe garden.\n\nWe trust the emails.\n\nNothing here.\n',
    });
    writeFileSync(join(dir, 'qcode.csv'), excerpts.stdout.replaceAll('stdin#', 'd#'));
    const result = await runQcode(['agree', join(dir, 'human.csv'), join(dir, 'qcode.csv')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'theme_id,reference,candidate,both,precision,recall,f1,kappa,alpha',
        // alpha: 2 disagreeing units, 4 yes and 4 no values: 1 − 7·2/(4·4)
        'trust,2,2,1,0.5,0.5,0.5,0,0.125',
        // communication: both coded d#3 only; po = 1, pe = .25·.25 + .75·.75, kappa = 1
        'communication,1,1,1,1,1,1,1,1',
        '(micro),3,3,2,0.667,0.667,0.667,,',
        '(macro),,,,,,0.75,,',
        // kappa: mean po = (.5 + 1) / 2, mean pe = (.5 + .625) / 2: (.75 - .5625) / .4375
        // alpha over 8 units: 2 disagreeing, 6 yes and 10 no values: 1 − 15·2/(6·10)
        '(pooled),,,,,,,0.429,0.5',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('Agreement over 4 segments: pooled kappa 0.43, alpha 0.50, micro F1 0.67, macro F1 0.75\n');
  });

  test('a results folder counts every segment: those coded with no theme come from segments.csv', async () => {
    const dir = tempDir();
    // d.txt: 4 paragraphs; the human coded #1 and #4 trust; qcode codes #1 trust, #3 trust and communication (emails).
    writeFileSync(join(dir, 'd.txt'), 'We trust them.\n\nThe garden.\n\nWe trust the emails.\n\nNothing here.\n');
    writeFileSync(join(dir, 'human.csv'), 'segment_id,theme_id\nd.txt#1,trust\nd.txt#2,\nd.txt#3,\nd.txt#4,trust\n');
    // The results name the document by its path from the working folder: run from the folder itself.
    expect(
      (
        await runQcode(['code', 'd.txt', '-c', join(ROOT, 'fixtures/codebooks/small.yaml'), '--unit', 'paragraph', '-o', 'out', '-q', '--no-qdpx'], {
          cwd: dir,
        })
      ).code,
    ).toBe(0);
    const folder = await runQcode(['agree', 'human.csv', 'out', '--format', 'csv'], { cwd: dir });
    expect(folder.stderr).toBe(
      'qcode: out/excerpts.csv: the 2 segments coded with no theme read from out/segments.csv\nAgreement over 4 segments: pooled kappa 0.00, alpha 0.18, micro F1 0.40, macro F1 0.25\n',
    );
    const guarded = await runQcode(['agree', 'human.csv', 'out/excerpts.csv', '--min-kappa', '0.6', '-q'], { cwd: dir });
    expect(guarded).toMatchObject({ code: 1, stderr: 'qcode: pooled kappa 0.00 is below --min-kappa 0.6\n' });
    expect((await runQcode(['agree', 'human.csv', 'out', '--min-kappa', '-0.5', '-q'], { cwd: dir })).code).toBe(0);
    // Coded from the folder above, the results name the document sub/d.txt: no segment is shared.
    mkdirSync(join(dir, 'sub'));
    renameSync(join(dir, 'd.txt'), join(dir, 'sub/d.txt'));
    await runQcode(['code', 'sub/d.txt', '-c', join(ROOT, 'fixtures/codebooks/small.yaml'), '--unit', 'paragraph', '-o', 'elsewhere', '-q', '--no-qdpx'], {
      cwd: dir,
    });
    expect(await runQcode(['agree', 'human.csv', 'elsewhere'], { cwd: dir })).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        "qcode: human.csv and elsewhere share no segment (the first has 'd.txt#1', the second 'sub/d.txt#1'): were they coded from different folders? Segment ids name the document by its path from where qcode ran\n",
    });
  });

  test("three coders: Krippendorff's alpha per theme and pooled", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), 'segment_id,theme_id\ns1,trust\ns2,\ns3,trust\n');
    writeFileSync(join(dir, 'b.csv'), 'segment_id,theme_id\ns1,trust\ns2,trust\ns3,trust\n');
    writeFileSync(join(dir, 'c.csv'), 'segment_id,theme_id\ns1,trust\ns2,\ns3,\n');
    const result = await runQcode(['agree', 'a.csv', 'b.csv', 'c.csv'], { cwd: dir });
    // s1: 3 yes; s2: 1 yes 2 no; s3: 2 yes 1 no → disagreement 2·(1·2)/2 = 2, 6 yes and 3 no values: 1 − 8·2/(6·3)
    expect(result.stdout).toBe('theme_id,coder_1,coder_2,coder_3,alpha\ntrust,2,3,1,0.111\n(pooled),,,,0.111\n');
    expect(result.stderr).toBe('Agreement of 3 coders over 3 segments: pooled alpha 0.11\n');
  });

  test('--show-disagreements lists each disagreeing segment and theme with its text, in segment order', async () => {
    const dir = tempDir();
    const paragraphs = Array.from({ length: 10 }, (_, i) => (i === 8 ? 'We trust them.' : i === 9 ? 'The emails stopped.' : `Paragraph ${i + 1}.`));
    writeFileSync(join(dir, 'd.txt'), paragraphs.join('\n\n'));
    writeFileSync(join(dir, 'human.csv'), 'segment_id,theme_id\nd.txt#9,\nd.txt#10,trust\n');
    writeFileSync(join(dir, 'qcode.csv'), 'segment_id,theme_id\nd.txt#9,trust\nd.txt#10,communication\n');
    const result = await runQcode(['agree', 'human.csv', 'qcode.csv', '--show-disagreements', 'd.txt', '--unit', 'paragraph'], { cwd: dir });
    expect(result.stdout).toBe(
      [
        'segment_id,theme_id,reference,candidate,text',
        'd.txt#9,trust,no,yes,We trust them.',
        'd.txt#10,trust,yes,no,The emails stopped.',
        'd.txt#10,communication,no,yes,The emails stopped.',
        '',
      ].join('\n'),
    );
  });

  test('a missing file is a usage error', async () => {
    const result = await runQcode(['agree', 'nope.csv', 'nope2.csv']);
    expect(result).toMatchObject({ code: 2, stderr: 'qcode: cannot read coding nope.csv: no such file\n' });
  });
});
