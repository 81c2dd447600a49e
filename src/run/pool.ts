import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { extname } from 'node:path';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { Source } from '../transcript/discover.js';
import type { ReadOptions } from '../transcript/read.js';
import type { DocumentOutcome } from './code-document.js';
import { expectReply, type WorkerMessage, type WorkerReply, type WorkerSetup } from './worker.js';

// From the compiled modules, the worker script beside this one; from the bundle (`.cjs`), the
// loader that starts the bundle with its code cache in the worker too (bin/load-bundle.cjs).
const WORKER_SCRIPT =
  extname(fileURLToPath(import.meta.url)) === '.cjs' ? new URL('../../bin/load-bundle.cjs', import.meta.url) : new URL('./worker-thread.js', import.meta.url);

// worker_threads loads only when threads start: a run on a few files never pays for it.
const require = createRequire(import.meta.url);
const workerThreads = () => require('node:worker_threads') as typeof import('node:worker_threads');

/** Whether worker threads can be started (the compiled worker exists next to this module). */
function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_SCRIPT));
}

/** Lets the event loop run (signals, worker messages) between pieces of synchronous work. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Below this many files per thread, starting threads costs more than it saves. */
const MIN_FILES_PER_THREAD = 4;

/**
 * Unless `--jobs` says otherwise, a second thread once the transcripts pass this many bytes, and
 * another for each further share: a worker costs a few hundred milliseconds of CPU to start and
 * warm up (its own heap and compiled code), which coding this much earns back when the run also
 * renders its rows and project (measured: ARCHITECTURE.md).
 */
export const AUTO_BYTES_PER_THREAD = 40 * 1024 * 1024;

/** The same for a run that only counts: less work per byte, so a thread needs more bytes to pay. */
export const AUTO_BYTES_PER_COUNTING_THREAD = 80 * 1024 * 1024;

/** Threads' worth of bytes in `paths`: one, and one more per `perThread` bytes, counted only as far as `threads` (an unreadable file counts nothing). */
function threadsWorthOfBytes(paths: string[], threads: number, perThread: number): number {
  let bytes = 0;
  for (const path of paths) {
    try {
      bytes += statSync(path).size;
    } catch {
      /* reported when it is coded */
    }
    if (bytes >= (threads - 1) * perThread) return threads;
  }
  return 1 + Math.floor(bytes / perThread);
}

/**
 * How many threads to code `paths` on, given `--jobs`: `'auto'` (no `--jobs`) is one per core,
 * as far as the corpus's size makes them worth starting (`counting`: the run renders nothing).
 */
export function threadsFor(paths: string[], jobs: number | 'auto', counting = false): number {
  let threads = Math.max(1, Math.min(jobs === 'auto' ? availableParallelism() : jobs, Math.floor(paths.length / MIN_FILES_PER_THREAD)));
  if (jobs === 'auto' && threads >= 2) threads = threadsWorthOfBytes(paths, threads, counting ? AUTO_BYTES_PER_COUNTING_THREAD : AUTO_BYTES_PER_THREAD);
  return threads >= 2 && workersAvailable() ? threads : 1;
}

/**
 * Worker threads started before they are needed: a thread takes a good part of a second to load
 * and warm up, which overlaps with reading the codebook and the corpus's front matter when the
 * pool starts first. Each waits for its setup, then codes batches.
 */
export class WorkerPool {
  readonly workers: Worker[];
  failure: unknown;

  constructor(count: number) {
    // A worker's young generation kept to 24 MB (V8's default lets it reach 48): at 10,000
    // interviews peak RSS 262-282 -> 261-262 MB, at 1,000 with all outputs 206-222 -> 181 MB, no slower.
    const resourceLimits = { maxYoungGenerationSizeMb: 24 };
    this.workers = Array.from({ length: count }, () => new (workerThreads().Worker)(WORKER_SCRIPT, { workerData: { qcodeWorker: true }, resourceLimits }));
    // Until coding starts (and after it ends) a worker's error has nowhere else to go: kept here, it
    // is reported by the next phase, or dropped when the run has already failed on this thread.
    for (const worker of this.workers) {
      worker.on('error', (error) => (this.failure ??= error));
      worker.on('exit', (code) => (this.failure ??= stopped(code)));
    }
  }

  setup(setup: WorkerSetup): void {
    for (const worker of this.workers) worker.postMessage({ kind: 'setup', setup } satisfies WorkerMessage);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A worker that ends without an error (it would otherwise leave its work unanswered for ever). */
const stopped = (code: number) => new Error(`a worker thread stopped before its work was done (exit code ${code})`);

/** What a loop on this thread that hands work to the workers needs while they answer. */
interface Exchange {
  /** Whether a worker has failed (the loop should stop; the failure is thrown after it). */
  failed(): boolean;
  /** Resolves at a worker's next message or failure. */
  message(): Promise<void>;
}

/**
 * Runs `loop` while every worker's messages go to `onMessage`, then detaches: a worker's error,
 * its stopping, or an error in `onMessage` stops the loop at its next check and is thrown.
 */
async function withWorkers<T>(pool: WorkerPool, onMessage: (worker: Worker, message: T) => void, loop: (exchange: Exchange) => Promise<void>): Promise<void> {
  let failure: unknown = pool.failure;
  let wake: (() => void) | undefined;
  const attached = pool.workers.map((worker) => {
    const message = (received: T) => {
      try {
        onMessage(worker, received);
      } catch (error) {
        failure ??= error;
      }
      wake?.();
    };
    const error = (thrown: unknown) => {
      failure ??= thrown;
      wake?.();
    };
    const exit = (code: number) => error(stopped(code));
    worker.on('message', message);
    worker.on('error', error);
    worker.on('exit', exit);
    return { worker, message, error, exit };
  });
  try {
    await loop({
      failed: () => failure !== undefined,
      message: () => new Promise<void>((resolve) => (wake = resolve)).then(() => (wake = undefined)),
    });
    if (failure !== undefined) throw failure;
  } finally {
    for (const { worker, message, error, exit } of attached) {
      worker.off('message', message);
      worker.off('error', error);
      worker.off('exit', exit);
    }
  }
}

/** Files per share of the prescan: small enough that no thread waits long for another's last. */
const NAMES_CHUNK = 64;

/**
 * The prescan — front-matter names in every file — shared between this thread (`here`) and the
 * workers: each takes the next share when it is free, so this thread does most of it while the
 * workers start and all share it after. On many cores the prescan would otherwise be a
 * serial part of every run (and with `--shard` it reads every shard's files).
 */
export async function namesInParallel(
  paths: string[],
  read: ReadOptions,
  pool: WorkerPool,
  here: (paths: string[], read: ReadOptions) => string[],
): Promise<Set<string>> {
  const chunks: string[][] = [];
  for (let i = 0; i < paths.length; i += NAMES_CHUNK) chunks.push(paths.slice(i, i + NAMES_CHUNK));
  const names = new Set<string>();
  let next = 0;
  let pending = 0;
  const feed = (worker: Worker) => {
    if (next >= chunks.length) return;
    pending++;
    worker.postMessage({ kind: 'names', paths: chunks[next++] as string[], read } satisfies WorkerMessage);
  };
  const answered = (worker: Worker, reply: WorkerReply) => {
    const result = expectReply(reply, 'names');
    pending--;
    for (const name of result.names) names.add(name);
    feed(worker);
  };
  await withWorkers(pool, answered, async (exchange) => {
    pool.workers.forEach(feed);
    while (!exchange.failed() && (next < chunks.length || pending > 0)) {
      if (next < chunks.length) {
        for (const name of here(chunks[next++] as string[], read)) names.add(name);
        await nextTurn();
      } else await exchange.message();
    }
  });
  return names;
}

/** Bytes of finished outcomes that may wait for an earlier batch: enough to keep every thread busy. */
const WAITING_BYTES = 4 * 1024 * 1024;

/**
 * How many batches may be out (coding or waiting to be consumed in order) beyond the next one
 * to consume. A thread that falls behind — a worker still warming up, a long document — holds
 * up consumption, and the others then wait unless they may run ahead; how far depends on what an
 * outcome weighs: counts are a few hundred bytes, a document's rendered rows hundreds of
 * kilobytes. Sized from the batches in so far, between two and 32 batches per thread.
 */
class BatchWindow {
  size: number;
  /** What a batch weighs, on a moving average (one huge document early on does not set it for the rest of the run). */
  private perBatch: number | undefined;

  constructor(private readonly jobs: number) {
    this.size = jobs * 2;
  }

  /** A batch's outcomes are in (from this thread or a worker): what they weigh sizes the window. */
  arrived(outcomes: DocumentOutcome[]): void {
    let bytes = 0;
    for (const o of outcomes) bytes += outcomeBytes(o);
    this.perBatch = this.perBatch === undefined ? bytes : 0.75 * this.perBatch + 0.25 * bytes;
    this.size = Math.max(this.jobs * 2, Math.min(this.jobs * 32, Math.floor(WAITING_BYTES / Math.max(1, this.perBatch))));
  }
}

/** Roughly what an outcome holds in memory: its rendered bytes, and a guess for rows kept as cells. */
function outcomeBytes(outcome: DocumentOutcome): number {
  let bytes = 256;
  for (const pieces of [...outcome.chunks, ...outcome.segmentChunks]) for (const p of pieces) bytes += p.length;
  if (outcome.qdpx) bytes += (outcome.qdpx.text?.data.length ?? 0) + outcome.qdpx.cases.data.length + outcome.qdpx.source.data.length;
  bytes += ((outcome.rows?.length ?? 0) + (outcome.segmentRows?.length ?? 0)) * 512;
  return bytes;
}

/**
 * Codes sources on `jobs` threads — this one and `jobs - 1` workers, so that no more threads
 * compete for the cores than there are jobs — and hands the outcomes to `consume` strictly in
 * input order: the output is byte-identical to a single-threaded run. Sources go out in batches,
 * and at most a few batches per thread wait to be consumed, which keeps memory flat however many
 * files there are.
 */
export async function spreadOverThreads(
  sources: Source[],
  pool: WorkerPool,
  codeHere: (batch: Source[]) => Promise<DocumentOutcome[]>,
  consume: (outcome: DocumentOutcome) => void,
): Promise<void> {
  const { workers } = pool;
  const jobs = workers.length + 1;
  // Small batches, few in flight: outcomes that wait outlive a young-generation collection and
  // grow the old one (figures in ARCHITECTURE.md).
  const batchSize = Math.max(1, Math.min(4, Math.floor(sources.length / (jobs * 8))));
  const batches: Source[][] = [];
  for (let i = 0; i < sources.length; i += batchSize) batches.push(sources.slice(i, i + batchSize));
  const window = new BatchWindow(jobs);
  const done = new Map<number, DocumentOutcome[]>();
  let nextBatch = 0;
  let nextToConsume = 0;

  const flush = () => {
    while (done.has(nextToConsume)) {
      const outcomes = done.get(nextToConsume) as DocumentOutcome[];
      done.delete(nextToConsume++);
      outcomes.forEach(consume);
    }
  };
  const claim = (): number | undefined => (nextBatch < batches.length && nextBatch - nextToConsume < window.size ? nextBatch++ : undefined);

  // Each worker holds two batches, so it never waits for this thread to finish one of its own
  // before it gets more work.
  const outstanding = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const idle: Worker[] = [];
  const feed = (worker: Worker) => {
    while ((outstanding.get(worker) ?? 0) < 2) {
      const index = claim();
      if (index === undefined) {
        if (!idle.includes(worker)) idle.push(worker);
        return;
      }
      outstanding.set(worker, (outstanding.get(worker) ?? 0) + 1);
      worker.postMessage({ kind: 'job', index, sources: batches[index] as Source[] } satisfies WorkerMessage);
    }
  };
  const feedIdle = () => {
    while (idle.length > 0 && nextBatch < batches.length && nextBatch - nextToConsume < window.size) feed(idle.shift() as Worker);
  };
  const answered = (worker: Worker, reply: WorkerReply) => {
    const result = expectReply(reply, 'outcomes');
    outstanding.set(worker, (outstanding.get(worker) ?? 1) - 1);
    done.set(result.index, result.outcomes);
    window.arrived(result.outcomes);
    try {
      flush();
    } finally {
      feed(worker);
      feedIdle();
    }
  };
  await withWorkers(pool, answered, async (exchange) => {
    for (const worker of workers) feed(worker);
    while (nextToConsume < batches.length && !exchange.failed()) {
      const index = claim();
      if (index !== undefined) {
        const outcomes = await codeHere(batches[index] as Source[]);
        done.set(index, outcomes);
        window.arrived(outcomes);
        flush();
        feedIdle();
        await nextTurn();
      } else await exchange.message();
    }
  });
}
