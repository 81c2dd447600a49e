#!/usr/bin/env node
// npm run bench: how fast qcode codes 100, 1,000 and 10,000 interviews, against the NLTK and
// tidytext scripts a researcher would otherwise write. Writes bench/results.md.
//
//   BENCH_SIZES=100,1000 npm run bench     # fewer sizes
//   BENCH_PEERS=0 npm run bench            # skip the peers
//   BENCH_FLOOR=0 npm run bench            # skip the lean-floor comparison
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench', 'corpus');
const BIN = join(ROOT, 'bin', 'qcode');
const PEERS = join(ROOT, '..', 'shared', 'bench');
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const WORDS_PER_INTERVIEW = 8000;
const PERSPECTIVES = ['Care Home', 'Care at Home', 'Relative', 'Partner', 'NHS', 'Local Authority'];

/** Sentences of the transcripts and gold set in the repo: the text the corpora are made of. */
function sentencePool() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(txt|md)$/.test(entry.name) && !/README/.test(entry.name)) files.push(path);
    }
  };
  walk(join(ROOT, 'fixtures'));
  const text = files
    .sort()
    .map((f) => readFileSync(f, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''))
    .join('\n');
  const body = text
    .split('\n')
    .map((line) => line.replace(/^(\[[^\]]*\]|[A-Z][\w .'’-]{0,40}?(?: ?\(\d\d:\d\d(?::\d\d)?\))?:)\s*/, '').replace(/^#.*$/, ''))
    .join(' ');
  return body
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+/)
    .filter((s) => s.split(' ').length >= 6 && s.split(' ').length <= 60);
}

/** A small deterministic generator (mulberry32), so every machine builds the same corpus. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(dir, n, sentences) {
  // The marker sits beside the corpus: the peers' scripts read every file inside it.
  const marker = `${dir}.complete`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === `${n} ${sentences.length}`) return;
  rmSync(dir, { recursive: true, force: true });
  const next = random(1);
  const pick = (list) => list[Math.floor(next() * list.length)];
  for (let i = 0; i < n; i++) {
    const perspective = pick(PERSPECTIVES);
    const name = `P${String(i).padStart(5, '0')}`;
    const lines = ['---', `participant: ${name}`, `perspective: ${perspective}`, `site: Site ${i % 17}`, '---', ''];
    for (let words = 0, turn = 1; words < WORDS_PER_INTERVIEW; turn++) {
      const count = 1 + Math.floor(next() * 6);
      const said = Array.from({ length: count }, () => pick(sentences)).join(' ');
      const stamp = `${String(Math.floor(turn / 3600)).padStart(2, '0')}:${String(Math.floor(turn / 60) % 60).padStart(2, '0')}:${String(turn % 60).padStart(2, '0')}`;
      lines.push(`${turn % 2 ? 'Interviewer' : name} (${stamp}): ${said}`, '');
      words += said.split(' ').length;
    }
    const sub = join(dir, `${PERSPECTIVES.indexOf(perspective)}-${perspective.replace(/ /g, '-').toLowerCase()}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `interview-${String(i).padStart(5, '0')}.txt`), lines.join('\n'));
  }
  writeFileSync(marker, `${n} ${sentences.length}`);
}

/** Runs a command under GNU time: wall seconds and peak RSS in MB (RSS is absent without /usr/bin/time). */
function measure(command, args, options = {}, okCodes = [0, 1]) {
  const timed = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const run = timed
    ? spawnSync('/usr/bin/time', ['-f', 'QCODE_BENCH_RSS %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...options })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (!okCodes.includes(run.status)) throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  const rss = /QCODE_BENCH_RSS (\d+)/.exec(run.stderr ?? '');
  return { wall, rss: rss ? Number(rss[1]) / 1024 : undefined, stdout: run.stdout };
}

/**
 * The fastest of `times` runs, with the highest peak RSS among them: on a shared machine noise
 * only ever adds time, so the fastest run is the truest figure for every tool alike.
 */
function best(times, make) {
  return fastest(Array.from({ length: times }, make));
}

function fastest(runs) {
  const quickest = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  const rss = runs.every((r) => r.rss === undefined) ? undefined : Math.max(...runs.map((r) => r.rss ?? 0));
  return { ...quickest, rss, runs };
}

/**
 * The fastest run of each variant, the variants taking turns round by round: a burst of noise on
 * this shared machine then falls on all of them alike, not on whichever was being timed, so
 * their ratios hold up from one bench to the next.
 */
async function interleaved(rounds, variants) {
  const runs = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let r = 0; r < rounds; r++) for (const [name, make] of Object.entries(variants)) runs[name].push(await make());
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, fastest(list)]));
}

// qcode's own list of output files, rule for threads and discovery, from the built modules.
const { OUTPUT_FILES } = await import(join(ROOT, 'dist', 'output', 'names.js'));
const { threadsFor } = await import(join(ROOT, 'dist', 'run', 'pool.js'));
const { discoverSources } = await import(join(ROOT, 'dist', 'transcript', 'discover.js'));

function sameFiles(a, b) {
  return OUTPUT_FILES.every((f) => readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
}

function available(command, args) {
  try {
    return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

const fmt = (n, digits = 2) => (n === undefined ? 'n/a' : n.toFixed(digits));
const mb = (n) => (n === undefined ? 'n/a' : `${Math.round(n)} MB`);

mkdirSync(WORK, { recursive: true });
const dictJson = join(PEERS, 'dict.json');
let codebook = join(ROOT, 'codebooks', 'partnership.yaml');
let dictionary = 'the built-in partnership codebook';
if (existsSync(dictJson)) {
  const dict = JSON.parse(readFileSync(dictJson, 'utf8'));
  const yaml = ['name: bench dictionary', 'version: "1"', 'themes:'];
  for (const [id, words] of Object.entries(dict)) yaml.push(`  - id: ${id}`, `    label: ${id}`, `    keywords: ${JSON.stringify(words)}`);
  codebook = join(WORK, 'dict.yaml');
  writeFileSync(codebook, `${yaml.join('\n')}\n`);
  dictionary = `the peers' 16-theme dictionary (${relative(ROOT, dictJson)}) as keywords`;
}

const sentences = sentencePool();
const lines = [];
const say = (line = '') => {
  lines.push(line);
  console.log(line);
};
const cpu = cpus();
say('# qcode benchmark');
say();
say(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}.`);
say(
  `Corpora: ${WORDS_PER_INTERVIEW.toLocaleString('en-US')}-word speaker-labelled interviews generated by \`bench/run.mjs\` from the ${sentences.length} sentences of the repo's fixtures (seeded, the same on every machine).`,
);
say(
  `Dictionary: ${dictionary}. Command: \`qcode code DIR -c DICT -o OUT\` (all output files: excerpts, tables, summary, report.html and project.qdpx), default \`--jobs\` (a thread per core — ${cpu.length} here — as far as the transcripts earn them, a second from 40 MB, 80 MB when only counting: the threads column). Wall time is the fastest of 5 runs (1 at 10,000; 3 for each peer), since on this shared machine noise only adds time; peak RSS the highest of those runs.`,
);
say();
say('| interviews | threads | words | wall (s) | words/s | peak RSS | excerpts.csv |');
say('|---:|---:|---:|---:|---:|---:|---:|');

const results = new Map();
for (const n of SIZES) {
  const dir = join(WORK, String(n));
  generate(dir, n, sentences);
  const out = join(WORK, `out-${n}`);
  const run = best(n >= 10000 ? 1 : 5, () => measure(process.execPath, [BIN, 'code', dir, '-c', codebook, '-o', out, '-q']));
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const words = summary.counts.words;
  results.set(n, { ...run, words, out, dir });
  say(
    `| ${n.toLocaleString('en-US')} | ${threadsFor(
      discoverSources([dir], ROOT).sources.map((s) => s.path),
      'auto',
    )} | ${words.toLocaleString('en-US')} | ${fmt(run.wall)} | ${Math.round(words / run.wall).toLocaleString('en-US')} | ${mb(run.rss)} | ${mb(statSync(join(out, 'excerpts.csv')).size / 2 ** 20)} |`,
  );
}
say();

const thousand = results.get(1000);
if (thousand) {
  const single = join(WORK, 'out-1000-jobs1');
  const jobs = (n, out) => () => measure(process.execPath, [BIN, 'code', thousand.dir, '-c', codebook, '-o', out, '-q', '--jobs', String(n)]);
  // The most two threads could gain here: two separate single-threaded runs, each on half the
  // folders, side by side. Nothing is shared between them but the machine.
  const folders = readdirSync(thousand.dir).sort();
  const halves = [folders.slice(0, folders.length / 2), folders.slice(folders.length / 2)];
  const sideBySide = async () => {
    const started = process.hrtime.bigint();
    await Promise.all(
      halves.map(
        (half, i) =>
          new Promise((resolve, reject) => {
            const args = [BIN, 'code', ...half.map((f) => join(thousand.dir, f)), '-c', codebook, '-o', join(WORK, `out-half-${i}`), '-q', '--jobs', '1'];
            spawn(process.execPath, args, { stdio: 'ignore' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`half ${i} failed (${code})`))));
          }),
      ),
    );
    return { wall: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  const { one, two, side } = await interleaved(5, { one: jobs(1, single), two: jobs(2, join(WORK, 'out-1000-jobs2')), side: sideBySide });
  const identical = sameFiles(single, join(WORK, 'out-1000-jobs2')) && sameFiles(single, thousand.out);
  say(
    `Threads (1,000 interviews, the three runs taking turns, fastest of 5 each): \`--jobs 1\` ${fmt(one.wall)} s, \`--jobs 2\` ${fmt(two.wall)} s: ${fmt(one.wall / two.wall)}× (bar: 1.6×); outputs ${identical ? 'byte-identical' : '**DIFFER**'}.`,
  );
  say(
    `Ceiling for threads on this machine: two separate \`--jobs 1\` runs on half the corpus each, side by side, take ${fmt(side.wall)} s: ${fmt(one.wall / side.wall)}× the one-thread time.`,
  );
}
const ten = results.get(10000);
if (thousand && ten) {
  say(
    `Scaling: 10,000 interviews took ${fmt(ten.wall / thousand.wall)}× the 1,000-interview time (bar: within 15% of 10×); peak RSS ${mb(ten.rss)} (bar: well under 300 MB).`,
  );
}

const small = join(ROOT, 'fixtures', 'e2e', 'transcripts', 'care-home', 'manager.txt');
const { startup, bare } = await interleaved(11, {
  startup: () => measure(process.execPath, [BIN, 'code', small, '--table', 'frequencies', '--format', 'csv', '-q']),
  bare: () => measure(process.execPath, ['-e', '0']),
});
say(
  `Start-up (one small file): ${fmt(startup.wall * 1000, 0)} ms against ${fmt(bare.wall * 1000, 0)} ms for \`node -e 0\`: ${fmt(startup.wall / bare.wall)}× (bar: 2×).`,
);
say();

if (thousand && process.env.BENCH_PEERS !== '0') {
  say('Peers on the same 1,000 interviews (they count coded participant turns per theme × perspective and write nothing else):');
  say();
  say('| tool | wall (s) | peak RSS | qcode is faster by |');
  say('|---|---:|---:|---:|');
  say(`| qcode (all outputs) | ${fmt(thousand.wall)} | ${mb(thousand.rss)} | |`);
  // What the peers do — count coded turns per theme and perspective, nothing written — for a like-for-like ratio.
  const counts = best(5, () => measure(process.execPath, [BIN, 'code', thousand.dir, '-c', codebook, '--table', 'frequencies', '--format', 'csv', '-q']));
  say(`| qcode (counts only: \`--table frequencies\`, no files) | ${fmt(counts.wall)} | ${mb(counts.rss)} | |`);
  const peers = [
    [
      'NLTK (Treebank + Porter)',
      '/usr/bin/python3',
      ['-c', 'import nltk'],
      [join(PEERS, 'nltk_coder.py'), dictJson, thousand.dir],
      'apt-get install python3-nltk',
    ],
    [
      'R tidytext + SnowballC',
      'Rscript',
      ['-e', 'library(tidytext); library(SnowballC); library(jsonlite)'],
      [join(PEERS, 'tidytext_coder.R'), dictJson, thousand.dir],
      'apt-get install r-cran-tidytext r-cran-snowballc r-cran-jsonlite',
    ],
  ];
  for (const [name, command, check, args, install] of peers) {
    if (!existsSync(dictJson) || !available(command, check)) {
      say(`| ${name} | unavailable | | (\`${install}\` to compare) |`);
      continue;
    }
    const peer = best(3, () => measure(command, args, {}, [0]));
    say(`| ${name} | ${fmt(peer.wall)} | ${mb(peer.rss)} | ${fmt(peer.wall / thousand.wall, 1)}× (counts only: ${fmt(peer.wall / counts.wall, 1)}×) |`);
  }
  say();
}

// Against what the machine can do (issue 18's measurement): the shared corpus generator's 1,000
// interviews, the lean floor (the least work that still codes them, ../shared/bench/lean_floor.mjs)
// on one thread and as two processes on half the corpus each, NLTK, and qcode.
const GEN = join(PEERS, 'gen_corpus.py');
const FLOOR_ROUNDS = 5;
if (process.env.BENCH_FLOOR !== '0' && existsSync(GEN) && existsSync(dictJson) && available('python3', ['-c', '0'])) {
  const floorDir = join(WORK, 'floor-1000');
  if (!existsSync(`${floorDir}.complete`)) {
    rmSync(floorDir, { recursive: true, force: true });
    spawnSync('python3', [GEN, floorDir, '1000'], { stdio: 'ignore' });
    writeFileSync(`${floorDir}.complete`, '1000');
  }
  const lean = join(PEERS, 'lean_floor.mjs');
  // Two processes side by side, each on half the folders: what two cores give code that allocates little.
  const folders = readdirSync(floorDir).sort();
  const halves = [folders.slice(0, folders.length / 2), folders.slice(folders.length / 2)];
  const halfDirs = halves.map((half, i) => {
    const dir = join(WORK, `floor-half-${i}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of half) symlinkSync(join(floorDir, f), join(dir, f));
    return dir;
  });
  const floorPair = async () => {
    const started = process.hrtime.bigint();
    await Promise.all(
      halfDirs.map(
        (dir) =>
          new Promise((resolve, reject) =>
            spawn(process.execPath, [lean, dictJson, dir], { cwd: ROOT, stdio: 'ignore' }).on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`lean floor failed (${code})`)),
            ),
          ),
      ),
    );
    return { wall: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  const qcode = (extra) => () => measure(process.execPath, [BIN, 'code', floorDir, '-c', codebook, ...extra, '-q']);
  const measured = await interleaved(FLOOR_ROUNDS, {
    floor: () => measure(process.execPath, [lean, dictJson, floorDir], { cwd: ROOT }),
    pair: floorPair,
    counts: qcode(['--table', 'frequencies', '--format', 'csv']),
    countsOne: qcode(['--table', 'frequencies', '--format', 'csv', '--jobs', '1']),
    all: qcode(['-o', join(WORK, 'out-floor')]),
  });
  const { floor, counts, countsOne, all } = measured;
  // What the default picks for this corpus: with one thread, the two counts rows differ by noise alone.
  const countingThreads = threadsFor(
    discoverSources([floorDir], ROOT).sources.map((s) => s.path),
    'auto',
    true,
  );
  const pair = measured.pair.wall;
  const nltk = available('/usr/bin/python3', ['-c', 'import nltk'])
    ? best(3, () => measure('/usr/bin/python3', [join(PEERS, 'nltk_coder.py'), dictJson, floorDir], {}, [0]))
    : undefined;
  const vs = (t) => (nltk ? `${fmt(nltk.wall / t, 1)}× NLTK` : '');
  say(
    `Against the floor (../shared/bench/gen_corpus.py, 1,000 interviews; the fastest of ${FLOOR_ROUNDS} rounds in which the floor, the two floor processes and the three qcode runs take turns; NLTK the fastest of 3):`,
  );
  say();
  say('| what | wall (s) | peak RSS | |');
  say('|---|---:|---:|---|');
  if (nltk) say(`| NLTK peer | ${fmt(nltk.wall)} | ${mb(nltk.rss)} | |`);
  say(`| lean floor, one thread | ${fmt(floor.wall)} | ${mb(floor.rss)} | ${vs(floor.wall)} |`);
  say(`| lean floor, two processes on half each | ${fmt(pair)} | | ${fmt(floor.wall / pair)}× one thread |`);
  say(
    `| qcode counts only, default threads (${countingThreads} here) | ${fmt(counts.wall)} | ${mb(counts.rss)} | ${vs(counts.wall)}; ${fmt(counts.wall / floor.wall)}× the floor (bar: ≥ 12× NLTK, ≤ the floor) |`,
  );
  say(
    `| qcode counts only, \`--jobs 1\` | ${fmt(countsOne.wall)} | ${mb(countsOne.rss)} | default threads ${fmt(countsOne.wall / counts.wall)}× (bar: never slower)${countingThreads === 1 ? '; the default is one thread here too, so the two differ by noise alone' : ''} |`,
  );
  say(`| qcode all outputs | ${fmt(all.wall)} | ${mb(all.rss)} | ${vs(all.wall)} (bar: ≥ 7×) |`);
  say();

  // One very large transcript: the same interviews twice over, joined into one file.
  const large = join(WORK, 'large.txt');
  if (!existsSync(large)) {
    const files = folders.flatMap((f) =>
      readdirSync(join(floorDir, f))
        .sort()
        .map((name) => join(floorDir, f, name)),
    );
    writeFileSync(large, Buffer.concat([...files, ...files].map((f) => readFileSync(f))));
  }
  const size = statSync(large).size / 2 ** 20;
  const largeAll = best(1, () => measure(process.execPath, [BIN, 'code', large, '-c', codebook, '-o', join(WORK, 'out-large'), '-q']));
  const largeCounts = best(1, () => measure(process.execPath, [BIN, 'code', large, '-c', codebook, '--table', 'frequencies', '--format', 'csv', '-q']));
  say(`One transcript of ${fmt(size, 0)} MB (those interviews twice over, in one file; one run each):`);
  say();
  say('| what | wall (s) | peak RSS | |');
  say('|---|---:|---:|---|');
  say(`| all outputs | ${fmt(largeAll.wall)} | ${mb(largeAll.rss)} | bar: ≤ 4× its size + 150 MB = ${mb(4 * size + 150)} |`);
  say(`| counts only | ${fmt(largeCounts.wall)} | ${mb(largeCounts.rss)} | |`);
  say();
}

writeFileSync(join(ROOT, 'bench', 'results.md'), `${lines.join('\n')}\n`);
console.log(`\nWritten to ${relative(process.cwd(), join(ROOT, 'bench', 'results.md'))}.`);
