import { compileCodebook, type Term } from '../codebook/compile.js';
import type { Codebook } from '../codebook/types.js';
import { parseAttributeTable } from '../transcript/attributes.js';
import type { ReadOptions } from '../transcript/read.js';
import type { Source } from '../transcript/discover.js';
import { codeDocument, type DocumentOutcome, type DocumentSettings, type DocumentStream } from './code-document.js';

/** What a worker is started with. */
export interface WorkerSetup {
  codebook: Codebook;
  terms: Term[] | undefined;
  /**
   * The attributes file as text, parsed again in each thread: a text crosses to a worker far more
   * cheaply than the parsed table's maps, and parsing it is quick.
   */
  attributes: { source: string; text: string } | undefined;
  settings: DocumentSettings;
}

/**
 * What a worker is sent: its setup once, then batches of sources — one message each way per
 * batch keeps the threads' chatter small.
 */
export type WorkerMessage =
  | { kind: 'setup'; setup: WorkerSetup }
  | { kind: 'job'; index: number; sources: Source[] }
  /** Before the setup: the front-matter names in some files (the prescan, shared out). */
  | { kind: 'names'; paths: string[]; read: ReadOptions };

/** A worker's answer to a `job` message: the batch's outcomes. */
export interface WorkerResult {
  kind: 'outcomes';
  index: number;
  outcomes: DocumentOutcome[];
}

/** A worker's answer to a `names` message. */
export interface NamesResult {
  kind: 'names';
  names: string[];
}

/** What a worker answers; each phase accepts only its own kind. */
export type WorkerReply = WorkerResult | NamesResult;

/** The reply a phase waits for, or an error naming the one that came instead. */
export function expectReply<K extends WorkerReply['kind']>(reply: WorkerReply, kind: K): Extract<WorkerReply, { kind: K }> {
  if (reply.kind !== kind) throw new Error(`a worker answered with ${reply.kind} where ${kind} were expected`);
  return reply as Extract<WorkerReply, { kind: K }>;
}

/** Reads a source from disk and codes it; a file that cannot be read becomes a skipped outcome. */
export async function readAndCodeSource(setup: ReturnType<typeof prepare>, source: Source, stream?: DocumentStream): Promise<DocumentOutcome> {
  return codeDocument(setup.compiled, source, setup.attributes, setup.settings, { stream });
}

/** A batch's outcomes, in its order: what a thread answers for a batch. */
export async function codeSources(setup: ReturnType<typeof prepare>, sources: Source[]): Promise<DocumentOutcome[]> {
  const outcomes: DocumentOutcome[] = [];
  for (const source of sources) outcomes.push(await readAndCodeSource(setup, source));
  return outcomes;
}

export function prepare(setup: WorkerSetup) {
  const compiled = compileCodebook(setup.codebook, setup.terms);
  // Excerpts name the words matched; counting needs only how many hits.
  const { excerpts } = setup.settings;
  compiled.detail = excerpts.formats.length > 0 || excerpts.rows ? 'terms' : 'count';
  return {
    compiled,
    attributes: setup.attributes ? parseAttributeTable(setup.attributes.source, setup.attributes.text) : undefined,
    settings: setup.settings,
  };
}
