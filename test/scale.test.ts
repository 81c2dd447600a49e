import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Worker } from 'node:worker_threads';
import { mergeExcerptFiles } from '../src/run/merge-excerpts.js';
import { spreadOverThreads, namesInParallel, type WorkerPool } from '../src/run/pool.js';
import { parseShard, sourcesInShard, stableHash } from '../src/run/shard.js';
import { ROOT, spawnQcode, tempDir } from './helpers.js';

const CODEBOOK = join(ROOT, 'fixtures/codebooks/small.yaml');
const OUTPUTS = ['cooccurrence.csv', 'excerpts.csv', 'frequencies.csv', 'project.qdpx', 'report.html', 'segments.csv', 'summary.json'];

/** A corpus of 16 transcripts: the end-to-end fixtures copied into four sites. */
function corpus(): string {
  const dir = tempDir();
  for (const site of ['north', 'south', 'east', 'west']) {
    mkdirSync(join(dir, 'corpus', site), { recursive: true });
    cpSync(join(ROOT, 'fixtures/e2e/transcripts'), join(dir, 'corpus', site), { recursive: true });
  }
  return dir;
}

function expectSameOutputs(a: string, b: string) {
  for (const name of OUTPUTS) expect(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), name).toBe(true);
}

describe('worker threads and shards give the same bytes as one run', () => {
  let dir: string;
  beforeAll(() => {
    dir = corpus();
    expect(spawnQcode(['code', 'corpus', '-c', CODEBOOK, '-o', 'single', '--jobs', '1'], { cwd: dir }).code).toBe(0);
  });

  test('--jobs 2 and --jobs 3 write byte-identical outputs to --jobs 1', () => {
    for (const jobs of ['2', '3']) {
      const run = spawnQcode(['code', 'corpus', '-c', CODEBOOK, '-o', `jobs${jobs}`, '--jobs', jobs], { cwd: dir });
      expect(run.stderr).toBe(`Coded 16 transcripts (44 segments) → jobs${jobs}\n`);
      expectSameOutputs(join(dir, `jobs${jobs}`), join(dir, 'single'));
    }
  });

  test('the front matter read before coding is shared out between threads and finds every field, wherever it is', () => {
    const own = tempDir();
    mkdirSync(join(own, 'many'));
    // Over two of the prescan's 64-file shares, with fields only in the first, a middle and the last file.
    for (let i = 0; i < 150; i++) {
      const front = i === 0 ? 'region: North\n' : i === 75 ? 'cohort: 2\n' : i === 149 ? 'ward: B\n' : '';
      writeFileSync(join(own, 'many', `${String(i).padStart(3, '0')}.txt`), `---\nperspective: Care Home\n${front}---\nP01: we trust them.\n`);
    }
    const header = (jobs: string) => {
      const run = spawnQcode(['code', 'many', '-c', CODEBOOK, '-o', `out${jobs}`, '--jobs', jobs], { cwd: own });
      expect(run.code).toBe(0);
      return readFileSync(join(own, `out${jobs}`, 'excerpts.csv'), 'utf8').split('\n')[0];
    };
    expect(header('1')).toBe(
      'document,segment_id,line,start,end,speaker,speaker_name,perspective,cohort,region,ward,theme_id,theme_label,matched_terms,hits,negated_hits,text',
    );
    expect(header('3')).toBe(header('1'));
    expectSameOutputs(join(own, 'out3'), join(own, 'out1'));
  });

  test('three shards merged equal the unsharded run', () => {
    const counts = [1, 2, 3].map((k) => {
      const run = spawnQcode(['code', 'corpus', '-c', CODEBOOK, '--shard', `${k}/3`, '-o', `shard${k}`], { cwd: dir });
      expect(run.code).toBe(0);
      return JSON.parse(readFileSync(join(dir, `shard${k}`, 'summary.json'), 'utf8')).counts.documents as number;
    });
    expect(counts.reduce((a, b) => a + b)).toBe(16);
    expect(counts.every((n) => n > 0)).toBe(true);
    const merged = spawnQcode(['merge', 'shard3', 'shard1', 'shard2', '-o', 'merged'], { cwd: dir });
    expect(merged.stderr).toBe('Merged 3 shards: 16 transcripts (44 segments) → merged\n');
    expect(merged.code).toBe(0);
    expect(readdirSync(join(dir, 'merged')).sort()).toEqual(OUTPUTS);
    expectSameOutputs(join(dir, 'merged'), join(dir, 'single'));
  });

  test('names a spreadsheet would read as formulas merge in the order a single run writes them', () => {
    const names = ['(a).txt', '+b.txt', '-draft.txt', '1-interview.txt', '=notes.txt', '@c.txt'];
    const own = tempDir();
    mkdirSync(join(own, 'odd'));
    for (const n of names) writeFileSync(join(own, 'odd', n), `P01: we trust them (${n}).\n`);
    // Run inside the folder, so the document names are the bare file names.
    const odd = join(own, 'odd');
    expect(spawnQcode(['code', '.', '-c', CODEBOOK, '-o', '../single', '-q'], { cwd: odd }).code).toBe(0);
    for (const k of [1, 2, 3]) spawnQcode(['code', '.', '-c', CODEBOOK, '--shard', `${k}/3`, '-o', `../s${k}`, '-q'], { cwd: odd });
    expect(spawnQcode(['merge', 's1', 's2', 's3', '-o', 'merged', '-q'], { cwd: own }).code).toBe(0);
    expectSameOutputs(join(own, 'merged'), join(own, 'single'));
    expect(readFileSync(join(own, 'single', 'excerpts.csv'), 'utf8')).toContain("\n'=notes.txt,");
  });

  test('merge refuses an incomplete or mixed set of shards', () => {
    for (const k of [1, 2]) spawnQcode(['code', 'corpus', '-c', CODEBOOK, '--shard', `${k}/2`, '-o', `half${k}`], { cwd: dir });
    spawnQcode(['code', 'corpus', '-c', CODEBOOK, '--unit', 'paragraph', '--shard', '2/2', '-o', 'para2'], { cwd: dir });
    expect(spawnQcode(['merge', 'half1', '-o', 'm'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'qcode: missing shard 2/2: merge needs all 2\n' });
    expect(spawnQcode(['merge', 'half1', 'para2', '-o', 'm'], { cwd: dir }).stderr).toBe(
      `qcode: para2 was coded with a different codebook, options or inputs than half1; shards must come from the same command\n`,
    );
    expect(spawnQcode(['merge', 'half1', 'half1', '-o', 'm'], { cwd: dir }).stderr).toBe('qcode: half1 and half1 are both shard 1/2\n');
    expect(spawnQcode(['merge', 'corpus', '-o', 'm'], { cwd: dir }).stderr).toBe(
      'qcode: corpus is not a shard folder: it has no shard.json (write one with qcode code --shard K/N -o corpus)\n',
    );
  });
});

describe('how many threads', () => {
  test("by default one per core only as far as the corpus is big enough to earn a thread's start-up; --jobs N as asked", async () => {
    // The built module: threads are only started where the compiled worker script sits beside it.
    const { threadsFor, AUTO_BYTES_PER_THREAD } = (await import(join(ROOT, 'dist/run/pool.js'))) as typeof import('../src/run/pool.js');
    const dir = tempDir();
    const file = (name: string, size?: number) => {
      const path = join(dir, name);
      writeFileSync(path, 'P01: we trust them\n');
      if (size !== undefined) truncateSync(path, size); // sparse: nothing much is written
      return path;
    };
    const small = Array.from({ length: 100 }, (_, i) => file(`s${i}.txt`));
    expect(threadsFor(small, 'auto')).toBe(1);
    expect(threadsFor(small, 2)).toBe(2);
    expect(threadsFor(small.slice(0, 7), 2)).toBe(1); // fewer than four files a thread
    const big = Array.from({ length: 8 }, (_, i) => file(`b${i}.txt`, AUTO_BYTES_PER_THREAD));
    expect(threadsFor(big, 'auto')).toBe(Math.min(availableParallelism(), 2));
    // A second thread from AUTO_BYTES_PER_THREAD of transcripts on; for a run that only counts, from twice that.
    const under = file('under.txt', AUTO_BYTES_PER_THREAD - 1024);
    expect(threadsFor([under, ...small.slice(0, 7)], 'auto')).toBe(1);
    expect(threadsFor([...big.slice(0, 1), ...small.slice(0, 7)], 'auto')).toBe(Math.min(availableParallelism(), 2));
    expect(threadsFor([...big.slice(0, 1), ...small.slice(0, 7)], 'auto', true)).toBe(1);
    expect(threadsFor([...big.slice(0, 2), ...small.slice(0, 6)], 'auto', true)).toBe(Math.min(availableParallelism(), 2));
  });
});

describe('a worker thread that fails', () => {
  // Stand-ins for qcode's worker: a thread that stops at once, and one that throws.
  const started: Worker[] = [];
  const poolOf = (script: string) => {
    const worker = new Worker(script, { eval: true });
    started.push(worker);
    return { workers: [worker], failure: undefined } as unknown as WorkerPool;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.terminate()));
  });
  const paths = Array.from({ length: 200 }, (_, i) => `/nowhere/${i}.txt`);

  test('ends the prescan with why, rather than waiting for its answer', async () => {
    await expect(namesInParallel(paths, { interviewer: [] }, poolOf('process.exit(3)'), () => [])).rejects.toThrow(
      'a worker thread stopped before its work was done (exit code 3)',
    );
    await expect(namesInParallel(paths, { interviewer: [] }, poolOf('throw new Error("boom")'), () => [])).rejects.toThrow('boom');
  });

  test('ends the coding with why, rather than waiting for its answer', async () => {
    const sources = paths.map((path) => ({ document: path, path }));
    const codeHere = async () => [];
    await expect(spreadOverThreads(sources, poolOf('process.exit(0)'), codeHere, () => undefined)).rejects.toThrow('(exit code 0)');
    await expect(spreadOverThreads(sources, poolOf('throw new Error("boom")'), codeHere, () => undefined)).rejects.toThrow('boom');
  });

  test('that answers for another phase ends the run with why', async () => {
    const answersNames =
      "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => parentPort.postMessage({ kind: 'names', names: [] }));";
    const sources = paths.map((path) => ({ document: path, path }));
    await expect(
      spreadOverThreads(
        sources,
        poolOf(answersNames),
        async () => [],
        () => undefined,
      ),
    ).rejects.toThrow('a worker answered with names where outcomes were expected');
  });
});

describe('shards', () => {
  test("every shard refuses an output that would overwrite one of the inputs, its own or another shard's", () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    for (let i = 1; i <= 6; i++) writeFileSync(join(dir, 'real', `f${i}.txt`), `P0${i}: we trust them\n`);
    mkdirSync(join(dir, 'out'));
    symlinkSync('../real/f6.txt', join(dir, 'out', 'excerpts.csv'));
    for (const shard of ['1/2', '2/2']) {
      const run = spawnQcode(['code', 'real', '--shard', shard, '-o', 'out', '-c', join(ROOT, 'fixtures/codebooks/small.yaml')], { cwd: dir });
      expect(run.stderr).toBe('qcode: refusing to write out/excerpts.csv: it is one of the inputs\n');
      expect(run.code).toBe(2);
    }
    expect(readFileSync(join(dir, 'real', 'f6.txt'), 'utf8')).toBe('P06: we trust them\n');
  });

  test.each([
    ['1/3', { index: 0, count: 3 }],
    ['3/3', { index: 2, count: 3 }],
  ])('parses %s', (text, shard) => expect(parseShard(text)).toEqual(shard));

  test.each(['0/3', '4/3', '1/0', 'a/b', '2'])('refuses %s', (text) => {
    expect(() => parseShard(text)).toThrow(`--shard takes K/N with 1 ≤ K ≤ N (e.g. 2/3), not '${text}'`);
  });

  test('the split is stable (a known hash) and covers every source exactly once', () => {
    expect(stableHash('interviews/p01.txt')).toBe(stableHash('interviews/p01.txt'));
    expect(stableHash('a')).toBe(0xe40c292c);
    const sources = Array.from({ length: 50 }, (_, i) => ({ document: `d/${i}.txt`, path: `/d/${i}.txt` }));
    const parts = [0, 1, 2].map((index) => sourcesInShard(sources, { index, count: 3 }));
    expect(
      parts
        .flat()
        .map((s) => s.document)
        .sort(),
    ).toEqual(sources.map((s) => s.document).sort());
  });
});

describe('merging excerpt files', () => {
  test('shards of several megabytes merge in document order, records with quoted line breaks across read boundaries intact', () => {
    const dir = tempDir();
    const header = 'document,segment_id,text\n';
    const record = (d: number, k: number) => {
      // Some names need quoting; all sort by their number, as a run's documents sort by name.
      const name = d % 7 === 0 ? `"doc ${String(d).padStart(4, '0')}, ""quoted"""` : `doc ${String(d).padStart(4, '0')}`;
      return `${name},${d}#${k},"line one, with ""quotes""\nline two ${'x'.repeat((d * 37 + k * 11) % 400)}"\n`;
    };
    const shards = ['', '', ''].map(() => [header]);
    const expected = [header];
    for (let d = 0; d < 9000; d++) {
      for (let k = 0; k < 3; k++) {
        shards[d % 3]!.push(record(d, k));
        expected.push(record(d, k));
      }
    }
    const files = shards.map((parts, i) => {
      const path = join(dir, `shard${i}.csv`);
      writeFileSync(path, parts.join(''));
      return path;
    });
    expect(readFileSync(files[0]!).length).toBeGreaterThan(2 * 2 ** 20);
    const out: Buffer[] = [];
    const name = (d: number) => (d % 7 === 0 ? `doc ${String(d).padStart(4, '0')}, "quoted"` : `doc ${String(d).padStart(4, '0')}`);
    // Files given in another order than the shards': each document names its file's place.
    const place = [1, 2, 0];
    const order = Array.from({ length: 9000 }, (_, d) => ({ document: name(d), shard: place[d % 3]! }));
    mergeExcerptFiles([files[2]!, files[0]!, files[1]!], order, false, (bytes) => out.push(Buffer.from(bytes)));
    const merged = Buffer.concat(out).toString('utf8');
    expect(merged.length).toBe(expected.join('').length);
    expect(merged === expected.join('')).toBe(true);
  });
});
