import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BIN, spawnQcode, tempDir } from './helpers.js';

const SENTENCES = [
  'We trust the district nurses because they listen to the staff.',
  'The council rarely rings back when we raise a problem with a package.',
  'Families are involved in every review of the care plan now.',
  'Funding has been cut again, so recruitment is harder every year.',
  'The weekly call with the GP practice changed how we work together.',
];

/** Runs qcode, and sends `signal` once a staged output file has appeared in `out`. */
function interrupted(args: string[], cwd: string, out: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      if (readdirSync(out).some((name) => name.startsWith('.') && name.endsWith('.tmp'))) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

describe('a run stopped by a signal', () => {
  let dir: string;
  let before: Map<string, string>;
  beforeAll(() => {
    dir = tempDir();
    mkdirSync(join(dir, 'in'));
    for (let f = 0; f < 400; f++) {
      const turns = Array.from({ length: 60 }, (_, t) => `${t % 2 ? 'P' : 'Interviewer'}: ${SENTENCES[(f + t) % 5]} ${SENTENCES[(f * t) % 5]}`);
      writeFileSync(join(dir, 'in', `${String(f).padStart(3, '0')}.txt`), `${turns.join('\n\n')}\n`);
    }
    expect(spawnQcode(['code', 'in', '-o', 'out', '-q'], { cwd: dir }).code).toBe(0);
    before = new Map(readdirSync(join(dir, 'out')).map((name) => [name, readFileSync(join(dir, 'out', name), 'latin1')]));
  }, 60_000);

  test.each([
    ['SIGINT', 130, '1'],
    ['SIGTERM', 143, '2'],
    ['SIGHUP', 129, '1'],
  ] as const)('%s: says so, exits %i, leaves the earlier results as they were and nothing staged (--jobs %s)', async (signal, code, jobs) => {
    const run = await interrupted(['code', 'in', '-o', 'out', '--jobs', jobs], dir, join(dir, 'out'), signal);
    expect(run).toEqual({ code, stderr: `qcode: interrupted (${signal}); no results were replaced\n` });
    const after = readdirSync(join(dir, 'out'));
    expect(after.sort()).toEqual([...before.keys()].sort());
    for (const name of after) expect(readFileSync(join(dir, 'out', name), 'latin1') === before.get(name), name).toBe(true);
  });
});
