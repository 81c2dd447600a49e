import { parentPort, workerData } from 'node:worker_threads';
import { serveWorker } from './serve-worker.js';

// The worker script when qcode runs from its compiled modules (the library). The bundle that
// bin/qcode runs starts its workers through bin/load-bundle.cjs instead, which loads the bundle
// with its code cache and calls the same serveWorker.
if (parentPort && (workerData as { qcodeWorker?: boolean } | undefined)?.qcodeWorker === true) serveWorker(parentPort);
