import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT, runQcode, spawnQcode, tempDir } from './helpers.js';

const TRANSCRIPTS = 'fixtures/e2e/transcripts';
const CODEBOOK = 'fixtures/codebooks/small.yaml';
const EXPECTED = join(ROOT, 'fixtures/e2e/expected');

describe('qcode code end to end (spawning bin/qcode)', () => {
  let out: string;
  let run: ReturnType<typeof spawnQcode>;
  beforeAll(() => {
    out = tempDir();
    run = spawnQcode(['code', TRANSCRIPTS, '-c', CODEBOOK, '-o', out]);
    if (process.env.UPDATE_EXPECTED) {
      mkdirSync(EXPECTED, { recursive: true });
      for (const f of readdirSync(out)) writeFileSync(join(EXPECTED, f), readFileSync(join(out, f)));
    }
  });

  test('exits 0 with one summary line on stderr and nothing on stdout', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Coded 4 transcripts (11 segments) → ${out}\n`);
    expect(run.stdout).toBe('');
  });

  test.each(['excerpts.csv', 'segments.csv', 'frequencies.csv', 'cooccurrence.csv', 'summary.json', 'report.html'])(
    '%s matches the expected file byte for byte',
    (name) => {
      expect(readFileSync(join(out, name), 'utf8')).toBe(readFileSync(join(EXPECTED, name), 'utf8'));
    },
  );

  test('project.qdpx matches the expected archive byte for byte', () => {
    expect(readFileSync(join(out, 'project.qdpx')).equals(readFileSync(join(EXPECTED, 'project.qdpx')))).toBe(true);
  });

  test('writes only its seven outputs (no temporary or scratch files left behind)', () => {
    expect(readdirSync(out).sort()).toEqual([
      'cooccurrence.csv',
      'excerpts.csv',
      'frequencies.csv',
      'project.qdpx',
      'report.html',
      'segments.csv',
      'summary.json',
    ]);
  });

  test('every excerpt offset slices the transcript back to the excerpt text', () => {
    const rows = parse(readFileSync(join(out, 'excerpts.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const text = readFileSync(join(ROOT, row.document as string), 'utf8');
      expect(text.slice(Number(row.start), Number(row.end))).toBe(row.text);
    }
  });

  test('the same inputs listed in another order give byte-identical outputs', () => {
    const other = tempDir();
    const inputs = readdirSync(join(ROOT, TRANSCRIPTS))
      .reverse()
      .map((d) => join(TRANSCRIPTS, d));
    expect(spawnQcode(['code', ...inputs, TRANSCRIPTS, '-c', CODEBOOK, '-o', other]).code).toBe(0);
    for (const name of readdirSync(out)) expect(readFileSync(join(other, name)).equals(readFileSync(join(out, name))), name).toBe(true);
  });

  test('stdout carries only the table asked for, even from a folder with a .env', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'QCODE_SECRET=leaked\nDOTENV_CONFIG_QUIET=false\n');
    const piped = spawnQcode(['code', join(ROOT, TRANSCRIPTS), '-c', join(ROOT, CODEBOOK), '--table', 'frequencies', '--format', 'csv'], { cwd: dir });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(readFileSync(join(EXPECTED, 'frequencies.csv'), 'utf8').replaceAll(`${TRANSCRIPTS}/`, `${join(ROOT, TRANSCRIPTS)}/`));
  });

  test('reads one transcript from standard input', () => {
    const piped = spawnQcode(['code', '-', '-c', CODEBOOK, '--table', 'excerpts', '--format', 'jsonl'], {
      stdin: 'Interviewer: And trust?\nP01: We rely on each other.\n',
    });
    expect(piped.code).toBe(0);
    const rows = piped.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([expect.objectContaining({ document: 'stdin', segment_id: 'stdin#2', speaker: 'P01', theme_id: 'trust', matched_terms: 'rely on' })]);
  });

  test('--help lists the code options and the exit codes', () => {
    const help = spawnQcode(['code', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--codebook', '--out', '--table', '--format', '--unit', '--by', '--attributes', '--include-interviewer', '--excel', '--no-sanitize']) {
      expect(help.stdout).toContain(flag);
    }
    expect(spawnQcode(['--help']).stdout).toContain('2  usage or codebook error; nothing coded');
  });
});

describe('qcode code scenarios (in-process)', () => {
  test.each([
    {
      name: 'a missing input is skipped, the rest coded, exit 1',
      args: ['code', TRANSCRIPTS, 'no/such/file.txt', '-c', CODEBOOK, '--table', 'summary'],
      code: 1,
      stderr: 'qcode: skipped no/such/file.txt: no such file or folder\nCoded 4 transcripts (11 segments), 1 skipped\n',
    },
    {
      name: 'a file that is not a transcript',
      args: ['code', 'package.json', '-c', CODEBOOK, '--table', 'summary', '--quiet'],
      code: 1,
      stderr: 'qcode: skipped package.json: not a transcript format qcode reads (.txt, .md, .markdown, .docx, .vtt, .srt)\n',
    },
    {
      name: 'a folder without transcripts',
      args: ['code', 'fixtures/codebooks', '-c', CODEBOOK, '--table', 'summary', '-q'],
      code: 1,
      stderr: 'qcode: skipped fixtures/codebooks: the folder has no transcripts (.txt, .md, .markdown, .docx, .vtt, .srt)\n',
    },
    {
      name: 'no inputs',
      args: ['code', '-c', CODEBOOK],
      code: 2,
      stderr: 'qcode: qcode code needs at least one transcript, folder or glob (or - for standard input)\n',
    },
    {
      name: 'a missing codebook',
      args: ['code', TRANSCRIPTS, '-c', 'nope.yaml'],
      code: 2,
      stderr: 'qcode: cannot read codebook nope.yaml: no such file\n',
    },
    {
      name: 'an unknown format',
      args: ['code', TRANSCRIPTS, '-c', CODEBOOK, '--format', 'xml'],
      code: 2,
      stderr: expect.stringContaining("error: option '--format <format>' argument 'xml' is invalid. Allowed choices are csv, tsv, json, jsonl, md, table."),
    },
    {
      name: 'a missing attributes file',
      args: ['code', TRANSCRIPTS, '-c', CODEBOOK, '--attributes', 'none.csv'],
      code: 2,
      stderr: 'qcode: cannot read attributes file none.csv: no such file\n',
    },
  ])('$name', async ({ args, code, stderr }) => {
    const result = await runQcode(args);
    expect(result.stderr).toEqual(stderr);
    expect(result.code).toBe(code);
  });

  test('globs, folders and files combine; README files in folders are not transcripts', async () => {
    const result = await runQcode(['code', 'fixtures/e2e/transcripts/**/*.md', 'fixtures/e2e/transcripts/care-home', '-c', CODEBOOK, '--table', 'summary']);
    expect(JSON.parse(result.stdout).documents.map((d: { document: string }) => d.document)).toEqual([
      'fixtures/e2e/transcripts/care-home/manager.txt',
      'fixtures/e2e/transcripts/relatives/daughter.md',
      'fixtures/e2e/transcripts/reports/evaluation.md',
    ]);
    const samples = await runQcode(['code', 'fixtures/transcripts', '--table', 'summary']);
    const documents = JSON.parse(samples.stdout).documents.map((d: { document: string }) => d.document);
    expect(documents).toHaveLength(8);
    expect(documents).not.toContain('fixtures/transcripts/README.md');
  });

  test('an invalid codebook is rejected before any transcript is read, listing every problem', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nthemes:\n  - id: a\n    label: A\n    keywrds: [x]\n  - id: a\n    label: B\n    keywords: ["!"]\n');
    const result = await runQcode(['code', 'no/such/folder', '-c', join(dir, 'bad.yaml'), '-o', join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        `qcode: codebook ${dir}/bad.yaml has 4 problems:`,
        `${dir}/bad.yaml:3:5 theme 'a' has no rules: give it keywords, exact, patterns, regex or near (or children)`,
        `${dir}/bad.yaml:5:5 unknown key 'keywrds' in theme 1 (did you mean 'keywords'?); allowed: id, label, definition, when_to_use, when_not_to_use, examples, keywords, exact, patterns, regex, near, exclude, threshold, weights, children`,
        `${dir}/bad.yaml:6:9 duplicate theme id 'a' (first used at line 3)`,
        `${dir}/bad.yaml:8:16 keyword '!' of theme 'a' has no letters or digits to match`,
        '',
      ].join('\n'),
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('codebook validate reports a valid codebook on stdout and every problem of a bad one', async () => {
    expect(await runQcode(['codebook', 'validate', CODEBOOK])).toEqual({
      code: 0,
      stdout: `${CODEBOOK}: valid — Test partnership codebook 0.1, 4 themes, 14 rules, 4 exclusions\n`,
      stderr: '',
    });
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'themes:\n  - id: a\n    label: A\n    keywords: [x]\n    exact: 3\n');
    expect(await runQcode(['codebook', 'validate', 'bad.yaml'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: "qcode: codebook bad.yaml has 1 problem:\nbad.yaml:5:12 'exact' of theme 'a' must be a list of text values, not number '3'\n",
    });
  });

  test('refuses an --out whose output file is (a link to) an input, and leaves the input alone', async () => {
    const dir = tempDir();
    const transcript = join(dir, 'interview.txt');
    writeFileSync(transcript, 'P01: we trust them\nQ: ok\n');
    mkdirSync(join(dir, 'out'));
    symlinkSync(transcript, join(dir, 'out', 'excerpts.csv'));
    const result = await runQcode(['code', transcript, '-c', CODEBOOK, '-o', join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`qcode: refusing to write ${join(dir, 'out', 'excerpts.csv')}: it is one of the inputs\n`); // --out was given as an absolute path
    expect(readFileSync(transcript, 'utf8')).toBe('P01: we trust them\nQ: ok\n');
    expect(readdirSync(join(dir, 'out'))).toEqual(['excerpts.csv']);
  });

  test('--out naming a file is refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.txt'), 'x');
    const result = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK, '-o', join(dir, 'file.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `qcode: --out ${join(dir, 'file.txt')} is a file; --out takes a folder to write excerpts.csv, segments.csv, frequencies.csv, cooccurrence.csv, summary.json, report.html, project.qdpx into\n`,
    );
  });

  test('in a terminal, the default is the theme × perspective table; NO_COLOR turns colour off', async () => {
    const coloured = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK], { tty: true });
    expect(coloured.stdout).toContain('\u001b[');
    const plain = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(plain.stdout.split('\n').slice(0, 2)).toEqual([
      'Theme                         Care Home (n=4)  Partner (n=2)  Relative (n=3)  unspecified (n=2)  (all) (n=11)    χ² p',
      'Trust                                 3 (75%)         0 (0%)         1 (33%)             0 (0%)       4 (36%)  0.181†',
    ]);
  });

  test('with one group, the terminal table has one column and says how to get perspectives', async () => {
    const plain = await runQcode(['code', 'fixtures/speakers/qa.txt', '-c', CODEBOOK], { tty: true, env: { NO_COLOR: '1' } });
    const lines = plain.stdout.trim().split('\n');
    expect(lines[0]?.replace(/ +/g, ' ')).toBe('Theme (all) (n=3)');
    expect(lines.at(-1)).toBe(
      'One group: no transcript names a perspective. Give one with front matter (perspective: …), --attributes FILE.csv, --perspective-from folder, or group by another attribute with --by (speaker, role, …).',
    );
  });

  test('--by groups by another attribute; --include-interviewer codes interviewer turns', async () => {
    const bySite = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK, '--by', 'site', '--table', 'frequencies', '--format', 'json']);
    const rows = JSON.parse(bySite.stdout) as Record<string, string | number>[];
    expect([...new Set(rows.map((r) => r.site))]).toEqual(['Ealing', 'Hounslow', 'unspecified', '(all)']);
    const withInterviewer = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK, '--include-interviewer', '--table', 'summary']);
    expect(JSON.parse(withInterviewer.stdout).counts.coded_segments).toBe(17);
    expect(JSON.parse(withInterviewer.stdout).groups.Interviewer.segments).toBe(6);
  });

  test('a --by typo names the same attributes whether the run counts (names learnt while coding) or writes excerpts (read first)', async () => {
    const counting = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK, '--by', 'sitee', '--table', 'frequencies', '--format', 'csv']);
    const writing = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK, '--by', 'sitee', '--table', 'excerpts', '--format', 'csv']);
    expect(counting.code).toBe(2);
    expect(counting.stderr).toContain("qcode: --by 'sitee' is not an attribute of these transcripts; they have: perspective, speaker, role, ");
    expect(counting.stderr).toContain('site');
    expect(counting.stderr).toBe(writing.stderr);
  });
  test('--attributes joins speaker attributes and adds their columns', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'people.csv'), 'speaker,perspective,band\nSarah,Relative (daughter),B\n');
    const result = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK, '--attributes', join(dir, 'people.csv'), '--table', 'excerpts', '--format', 'json']);
    const rows = JSON.parse(result.stdout) as Record<string, string>[];
    const sarah = rows.filter((r) => r.speaker === 'SARAH');
    // A speaker's row is more specific than the document's front matter, so it sets the perspective.
    expect(sarah.map((r) => [r.perspective, r.band])).toEqual([
      ['Relative (daughter)', 'B'],
      ['Relative (daughter)', 'B'],
    ]);
  });

  test('CSV cells a spreadsheet would run are neutralised unless --no-sanitize; --excel adds BOM and CRLF', async () => {
    const stdin = 'P01: =HYPERLINK("http://x") we trust them\nQ: ok\nP01: -we rely on you\n';
    const safe = await runQcode(['code', '-', '-c', CODEBOOK, '--table', 'excerpts', '--format', 'csv'], { stdin });
    const rows = parse(safe.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.text)).toEqual(['\'=HYPERLINK("http://x") we trust them', "'-we rely on you"]);
    const raw = await runQcode(['code', '-', '-c', CODEBOOK, '--table', 'excerpts', '--format', 'csv', '--no-sanitize'], { stdin });
    expect((parse(raw.stdout, { columns: true }) as Record<string, string>[])[0]?.text).toBe('=HYPERLINK("http://x") we trust them');
    const excel = await runQcode(['code', '-', '-c', CODEBOOK, '--table', 'frequencies', '--format', 'csv', '--excel'], { stdin });
    expect(excel.stdout.startsWith('\ufefftheme_id,')).toBe(true);
    expect(excel.stdout.split('\r\n').length).toBeGreaterThan(3);
  });

  test.each(['csv', 'tsv', 'json', 'jsonl', 'md', 'table'])('--format %s renders every table', async (format) => {
    for (const table of ['excerpts', 'frequencies', 'cooccurrence']) {
      const result = await runQcode(['code', TRANSCRIPTS, '-c', CODEBOOK, '--table', table, '--format', format]);
      expect(result.code).toBe(0);
      const heading = table === 'cooccurrence' ? 'theme_a' : table === 'frequencies' && format === 'table' ? 'Theme' : 'theme_id';
      expect(result.stdout).toContain(heading);
    }
  });

  test('--context adds words around each excerpt', async () => {
    const result = await runQcode(['code', '-', '-c', CODEBOOK, '--unit', 'sentence', '--context', '2', '--table', 'excerpts', '--format', 'json'], {
      stdin: 'First we met. Then we trusted them. After that all went well.',
    });
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ text: 'Then we trusted them.', context_before: 'we met.', context_after: 'After that' });
  });
});

describe('progress', () => {
  test('shows a progress line on a terminal and clears it before the summary', async () => {
    let stderr = '';
    const { run } = await import('../src/cli/run.js');
    const code = await run(['code', TRANSCRIPTS, '-c', CODEBOOK, '--table', 'summary'], {
      stdout: { write: () => true, isTTY: false },
      stderr: { write: (s: string | Uint8Array) => (stderr += String(s)), isTTY: true },
      readStdin: async () => new Uint8Array(),
      cwd: ROOT,
      env: {},
    });
    expect(code).toBe(0);
    expect(stderr).toBe('\rCoding 1/4 transcripts…\rCoding 4/4 transcripts…\r\u001b[KCoded 4 transcripts (11 segments)\n');
  });
});

describe('codebook cache', () => {
  test('reuses a checked codebook, notices every edit, and survives a damaged cache', () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const env = { QCODE_CACHE_DIR: cache };
    writeFileSync(join(dir, 'cb.yaml'), 'themes:\n  - id: t\n    label: T\n    keywords: [trust]\n');
    writeFileSync(join(dir, 'a.txt'), 'We trust them. We rely on them.');
    const args = ['code', 'a.txt', '-c', 'cb.yaml', '--table', 'excerpts', '--format', 'jsonl'];
    const first = spawnQcode(args, { cwd: dir, env });
    expect(JSON.parse(first.stdout).matched_terms).toBe('trust');
    expect(readdirSync(cache)).toHaveLength(1);
    expect(spawnQcode(args, { cwd: dir, env }).stdout).toBe(first.stdout);
    writeFileSync(join(dir, 'cb.yaml'), 'themes:\n  - id: t\n    label: T\n    keywords: [trust, rely on]\n');
    expect(JSON.parse(spawnQcode(args, { cwd: dir, env }).stdout).matched_terms).toBe('trust; rely on');
    for (const f of readdirSync(cache)) writeFileSync(join(cache, f), '{ not json');
    expect(JSON.parse(spawnQcode(args, { cwd: dir, env }).stdout).matched_terms).toBe('trust; rely on');
    writeFileSync(join(dir, 'cb.yaml'), 'themes:\n  - id: t\n    label: T\n    keywrds: [trust]\n');
    expect(spawnQcode(args, { cwd: dir, env }).code).toBe(2);
  });

  test('keeps the 64 most recent codebooks, so a codebook edited all day does not fill the disk', () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    mkdirSync(cache);
    // 70 entries from earlier runs, oldest first.
    for (let i = 0; i < 70; i++) {
      const name = join(cache, `codebook-${i.toString(16).padStart(40, '0')}.json`);
      writeFileSync(name, '{}');
      utimesSync(name, new Date(1_700_000_000_000 + i * 1000), new Date(1_700_000_000_000 + i * 1000));
    }
    writeFileSync(join(dir, 'cb.yaml'), 'themes:\n  - id: t\n    label: T\n    keywords: [trust]\n');
    writeFileSync(join(dir, 'a.txt'), 'We trust them.');
    expect(spawnQcode(['code', 'a.txt', '-c', 'cb.yaml', '-q'], { cwd: dir, env: { QCODE_CACHE_DIR: cache } }).code).toBe(0);
    const left = readdirSync(cache);
    expect(left).toHaveLength(64);
    // The oldest went; the one just written stayed.
    expect(left).not.toContain(`codebook-${'0'.repeat(40)}.json`);
    expect(left.filter((n) => !/^codebook-0+[0-9a-f]{1,2}\.json$/.test(n))).toHaveLength(1);
  });
});

describe('qcode kwic', () => {
  test('a phrase on stems, with words either side inside its segment, as CSV in a pipe', async () => {
    const result = await runQcode(['kwic', 'rely on', TRANSCRIPTS, '-c', CODEBOOK, '-w', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'document,from,to,pre,keyword,post,segment_id,speaker,perspective',
        'fixtures/e2e/transcripts/partners/forum.txt,209,216,We,rely on,the district,fixtures/e2e/transcripts/partners/forum.txt#2,Priya,Care Home',
        'fixtures/e2e/transcripts/relatives/daughter.md,241,248,quarter — I,rely on,that,fixtures/e2e/transcripts/relatives/daughter.md#2,SARAH,Relative',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('2 matches for "rely on" in 4 transcripts\n');
  });

  test('a wildcard, and a theme id standing for all its rules', async () => {
    const wildcard = await runQcode(['kwic', 'collaborat*', TRANSCRIPTS, '-c', CODEBOOK, '--format', 'json']);
    expect(JSON.parse(wildcard.stdout).map((r: { keyword: string }) => r.keyword)).toEqual(['collaborated', 'collaborating']);
    const theme = await runQcode(['kwic', 'integration', TRANSCRIPTS, '-c', CODEBOOK, '--format', 'json']);
    expect(JSON.parse(theme.stdout).map((r: { keyword: string }) => r.keyword)).toEqual([
      'collaborated',
      'joined-up',
      'Multi-agency',
      'co-location',
      'collaborating',
      'joined-up',
    ]);
    expect(theme.stderr).toBe("6 matches for theme 'integration' in 4 transcripts\n");
  });

  test('aligned lines in a terminal, the keyword in bold', async () => {
    const result = await runQcode(['kwic', 'email', TRANSCRIPTS, '-c', CODEBOOK, '--exact'], { tty: true });
    expect(result.stdout).toBe(
      "They keep in touch by \u001b[1memail\u001b[22m , and there's a meeting with   \u001b[2mfixtures/e2e/transcripts/relatives/daughter.md#2\u001b[22m\n",
    );
  });
});

describe('qcode init', () => {
  test('starts a project that codes out of the box, and never overwrites', async () => {
    const dir = tempDir();
    const first = await runQcode(['init', 'project'], { cwd: dir });
    expect(first).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'Started a qcode project in project: codebook.yaml and transcripts/example-interview.txt\nNext: qcode code project/transcripts -c project/codebook.yaml\n',
    });
    const coded = await runQcode(['code', 'project/transcripts', '-c', 'project/codebook.yaml', '--table', 'summary'], { cwd: dir });
    expect(coded.code).toBe(0);
    expect(JSON.parse(coded.stdout).counts.excerpts).toBeGreaterThan(5);
    writeFileSync(join(dir, 'project', 'codebook.yaml'), 'mine');
    const again = await runQcode(['init', 'project'], { cwd: dir });
    expect(again).toMatchObject({
      code: 2,
      stderr: 'qcode: not starting a project in project: codebook.yaml, transcripts/example-interview.txt already exist; nothing was written\n',
    });
    expect(readFileSync(join(dir, 'project', 'codebook.yaml'), 'utf8')).toBe('mine');
  });
});
