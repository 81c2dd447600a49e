'use strict';
// Build step: runs the bundle once on the sample transcripts, as `qcode code -o` would, and
// saves V8's code for every function that ran as dist/bundle/main.cjs.cache (bin/load-bundle.cjs
// reads it at start-up). A function the run did not reach is compiled when first called, as
// without a cache.
const { mkdtempSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { loadBundle, cacheFor, CACHE } = require('../../bin/load-bundle.cjs');

const root = join(__dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'qcode-code-cache-'));
const { exports: bundle, script, source } = loadBundle({ useCache: false });
bundle.main(['code', join(root, 'fixtures', 'transcripts'), '-o', join(out, 'results'), '-q', '--jobs', '1']).then((code) => {
  rmSync(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`the run that trains the code cache failed (exit code ${code})`);
  // Renamed into place: a cache cut short by a failed write would otherwise sit beside the bundle.
  writeFileSync(`${CACHE}.tmp`, cacheFor(script, source));
  renameSync(`${CACHE}.tmp`, CACHE);
});
