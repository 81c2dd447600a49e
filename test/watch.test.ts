import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers.js';

/** Waits until the process's standard error matches, or fails after `ms`. */
function waitFor(read: () => string, pattern: RegExp, ms = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const text = read();
      if (pattern.test(text)) {
        clearInterval(poll);
        resolve(text);
      } else if (Date.now() - started > ms) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${pattern}; stderr so far:\n${text}`));
      }
    }, 50);
  });
}

/** Starts `qcode code in -c cb.yaml -o out --watch` in `dir`, collecting its standard error. */
/** The sample transcripts and a small codebook copied into `dir`, watched; resolves once qcode is watching. */
async function watchCopy(dir: string) {
  cpSync(join(ROOT, 'fixtures/transcripts'), join(dir, 'in'), { recursive: true });
  cpSync(join(ROOT, 'fixtures/codebooks/small.yaml'), join(dir, 'cb.yaml'));
  const child = spawn(process.execPath, [BIN, 'code', 'in', '-c', 'cb.yaml', '-o', 'out', '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const stderr = () => output;
  try {
    await waitFor(stderr, /Watching 2 paths for changes/);
  } catch (error) {
    child.kill('SIGINT');
    throw error;
  }
  return { child, stderr, codebook: readFileSync(join(dir, 'cb.yaml'), 'utf8') };
}

test('--watch codes again when the codebook or a transcript is saved, and prints the cells that changed', async () => {
  const dir = tempDir();
  const { child, stderr, codebook } = await watchCopy(dir);
  try {
    writeFileSync(
      join(dir, 'cb.yaml'),
      codebook.replace('keywords: [trust, "rely on", mistrust]', 'keywords: [trust, "rely on", mistrust, "district nurses"]'),
    );
    // The changed cells may reach standard error after their heading: waited for too.
    const afterCodebook = await waitFor(
      stderr,
      /cb\.yaml changed: coded 8 transcripts in [\d.]+ s; \d+ cells? changed[^\n]*\n(?: {2}.*\n)*? {2}trust × \(all\): 5 → 8\n/,
    );
    expect(afterCodebook).toContain('  trust × Care Home: 3 → 6\n');
    expect(afterCodebook).toContain('  trust × (all): 5 → 8\n');
    // Results written by the run itself are not changes to react to.
    expect(afterCodebook.match(/changed: coded/g)).toHaveLength(1);
    appendFileSync(join(dir, 'in/care-home/ch01-manager.txt'), '\n\nP9: We have a weekly meeting with the district nurses.\n');
    const afterTranscript = await waitFor(stderr, /ch01-manager\.txt changed: coded 8 transcripts[^\n]*\n(?: {2}.*\n)*? {2}trust × Care Home: 6 → 7\n/);
    expect(afterTranscript).toContain('  trust × Care Home: 6 → 7\n');
    expect(readFileSync(join(dir, 'out/frequencies.csv'), 'utf8')).toMatch(/^trust,Trust,Care Home,\d+,7,/m);
  } finally {
    child.kill('SIGINT');
  }
}, 40_000);

test('--watch in a hidden folder sees a codebook saved by writing a new file and renaming it over the old', async () => {
  const dir = join(tempDir(), '.config', 'study');
  mkdirSync(dir, { recursive: true });
  const { child, stderr, codebook } = await watchCopy(dir);
  try {
    // As vim, emacs and JetBrains editors save: a new file renamed over the old one.
    writeFileSync(
      join(dir, 'cb.yaml.new'),
      codebook.replace('keywords: [trust, "rely on", mistrust]', 'keywords: [trust, "rely on", mistrust, "district nurses"]'),
    );
    renameSync(join(dir, 'cb.yaml.new'), join(dir, 'cb.yaml'));
    await waitFor(stderr, /cb\.yaml changed: coded 8 transcripts[^\n]*\n(?: {2}.*\n)*? {2}trust × Care Home: 3 → 6\n/);
    writeFileSync(join(dir, 'cb.yaml.new'), codebook);
    renameSync(join(dir, 'cb.yaml.new'), join(dir, 'cb.yaml'));
    await waitFor(stderr, /trust × Care Home: 6 → 3/);
  } finally {
    child.kill('SIGINT');
  }
}, 40_000);
