'use strict';
// Loads qcode's bundle (dist/bundle/main.cjs) with the code cache the build made for it
// (main.cjs.cache): V8 then reads the bundle's compiled functions instead of compiling them,
// which is most of what starting qcode costs beyond Node itself. A cache that does not belong
// to this bundle (its hash differs) or to this Node (V8 rejects it) is ignored, and the bundle
// is compiled as usual. Started as a worker thread's script, it loads the bundle the same way
// and serves the worker's jobs, so workers start from the cache too.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'main.cjs');
const CACHE = `${BUNDLE}.cache`;
const HASH_BYTES = 32;

const digest = (source) => createHash('sha256').update(source).digest();

/** The cache's code for `source`, or undefined when there is none for it. */
function cachedCode(source, file) {
  let cache;
  try {
    cache = readFileSync(file);
  } catch {
    return undefined;
  }
  return cache.subarray(0, HASH_BYTES).equals(digest(source)) ? cache.subarray(HASH_BYTES) : undefined;
}

/**
 * The bundle's exports, and its script (for the build, which runs it once and then saves
 * `cacheFor(script, source)` as the cache).
 */
function loadBundle({ useCache = true, bundle = BUNDLE } = {}) {
  const source = readFileSync(bundle, 'utf8');
  const cachedData = useCache ? cachedCode(source, `${bundle}.cache`) : undefined;
  // The wrapper CommonJS gives a module, so the bundle runs as if require()d.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  // cached: whether V8 took the cache (false: none for this bundle, or rejected by this Node).
  return { exports: module.exports, script, source, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/** The cache file's bytes for a script that has run: the bundle's hash, then V8's cached code. */
const cacheFor = (script, source) => Buffer.concat([digest(source), script.createCachedData()]);

module.exports = { loadBundle, cacheFor, CACHE };

if (require.main === module) {
  const { parentPort, workerData } = require('node:worker_threads');
  if (parentPort && workerData && workerData.qcodeWorker === true) loadBundle().exports.serveWorker(parentPort);
}
