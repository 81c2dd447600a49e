import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Source } from '../transcript/discover.js';
import type { DocumentOutcome } from './code-document.js';
import type { WorkerJob, WorkerResult, WorkerSetup } from './worker.js';

const WORKER_SCRIPT = new URL('./worker.js', import.meta.url);

/** Whether worker threads can be started (the compiled worker exists next to this module). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_SCRIPT));
}

/**
 * Codes sources on `jobs` worker threads and hands the outcomes to `consume` strictly in input
 * order, so the output is byte-identical to a single-threaded run. At most `window` outcomes
 * wait to be consumed at once, which keeps memory flat however many files there are.
 */
export async function codeInWorkers(
  sources: Source[],
  setup: WorkerSetup,
  jobs: number,
  consume: (outcome: DocumentOutcome) => void,
): Promise<void> {
  const window = jobs * 8;
  const workers = Array.from({ length: jobs }, () => new Worker(WORKER_SCRIPT, { workerData: setup }));
  const waiting = new Map<number, DocumentOutcome>();
  let nextToSend = 0;
  let nextToConsume = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (worker: Worker) => {
        if (nextToSend >= sources.length || nextToSend - nextToConsume >= window) return false;
        const job: WorkerJob = { index: nextToSend, source: sources[nextToSend] as Source };
        nextToSend++;
        worker.postMessage(job);
        return true;
      };
      const idle: Worker[] = [];
      for (const worker of workers) {
        worker.on('error', reject);
        worker.on('message', (result: WorkerResult) => {
          waiting.set(result.index, result.outcome);
          try {
            while (waiting.has(nextToConsume)) {
              const outcome = waiting.get(nextToConsume) as DocumentOutcome;
              waiting.delete(nextToConsume);
              nextToConsume++;
              consume(outcome);
            }
          } catch (error) {
            reject(error);
            return;
          }
          if (nextToConsume === sources.length) resolve();
          else {
            idle.push(worker);
            while (idle.length > 0 && send(idle[0] as Worker)) idle.shift();
          }
        });
        if (!send(worker)) idle.push(worker);
      }
      if (sources.length === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
