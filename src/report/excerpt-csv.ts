import type { Theme } from '../codebook/types.js';
import type { CodedTranscript } from '../coding/code-transcript.js';
import { csvField, csvFields } from './formats/csv.js';
import type { TextOptions } from './formats/types.js';
import { excerptSegments, segmentRow, themeCells, type ExcerptOptions } from './tables.js';
import { codePointCounter } from '../text/code-points.js';

const KEPT_BYTES = 4 * 1024 * 1024;

/**
 * A growing byte buffer that strings are encoded straight into, emptied and reused from document
 * to document (one per thread): only the bytes taken out are new memory.
 */
class ByteBuffer {
  private buffer: Buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;
  private sink: PieceSink | undefined;

  /** Empties the buffer for a new table; with a sink, a large table's full blocks go there as they fill. */
  clear(sink?: PieceSink): this {
    this.length = 0;
    this.sink = sink;
    return this;
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    // Past 16 MB (one very large document) grow by half rather than double: less unused room.
    const grown = this.buffer.length < 16 * 2 ** 20 ? this.buffer.length * 2 : Math.ceil(this.buffer.length * 1.5);
    const bigger = Buffer.allocUnsafe(Math.max(grown, needed));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  text(text: string): void {
    // Room for the longest UTF-8 the text can take, so nothing is cut short.
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  /** Appends again the bytes already written at `[start, end)`. */
  repeat(start: number, end: number): void {
    this.reserve(end - start);
    this.length += this.buffer.copy(this.buffer, this.length, start, end);
  }

  private readonly pieces: Uint8Array[] = [];

  /**
   * Between rows: once a very large document's rows pass a block's size, they are set aside as
   * they are (not copied), or handed to the sink, and writing goes on in a fresh block, so a
   * 100 MB transcript's rows never sit in one buffer grown far past them.
   */
  endRow(): void {
    if (this.length < BLOCK_BYTES) return;
    const block = this.buffer.subarray(0, this.length);
    this.length = 0;
    // A sink is done with the block when it returns, so the buffer is written again.
    if (this.sink) return this.sink(block);
    this.pieces.push(block);
    this.buffer = Buffer.allocUnsafe(BLOCK_BYTES + (1 << 16));
  }

  /**
   * The bytes written, in pieces of their own memory (so they can move to another thread): an
   * ordinary document's rows copied out of the reused buffer, a large one's handed over.
   */
  take(): Uint8Array[] {
    this.sink = undefined;
    const pieces = this.pieces.splice(0);
    if (this.length <= KEPT_BYTES) pieces.push(new Uint8Array(this.buffer.subarray(0, this.length)));
    else pieces.push(this.buffer.subarray(0, this.length));
    // A buffer grown by a large document is let go, not kept for the rest of the run.
    if (this.length > KEPT_BYTES || this.buffer.length > KEPT_BYTES) this.buffer = Buffer.allocUnsafe(1 << 16);
    this.length = 0;
    return pieces;
  }
}

/**
 * Where a table's bytes can go while its document is still being rendered: the output file itself
 * when the document is next in line, so a very large document's rows are not all held at once.
 * The piece is valid only during the call (it is written, or copied, before the sink returns).
 */
export type PieceSink = (piece: Uint8Array) => void;

/** The size at which a large document's rows are set aside in a piece of their own. */
const BLOCK_BYTES = 8 * 1024 * 1024;

const scratch = new ByteBuffer();

/**
 * A document's excerpt rows as CSV bytes — exactly `csv.rows(excerptRows(…))`, which a test
 * holds it to (the pieces handed to `sink` first, then those returned). A segment coded with several themes repeats its document, speaker, attributes and
 * text on every row: those runs are quoted and encoded once, for the segment's first row, and
 * copied as bytes for the others, since encoding the excerpt text again for every theme was the
 * largest single cost of a large run.
 */
export function excerptCsv(coded: CodedTranscript, themes: Theme[], options: ExcerptOptions & TextOptions, sink?: PieceSink): Uint8Array[] {
  const out = scratch.clear(sink);
  const { sanitize } = options;
  const eol = options.excel ? '\r\n' : '\n';
  for (const { lead, hits, trail } of excerptSegments(coded, options)) {
    const leadStart = out.length;
    out.text(csvFields(lead, sanitize));
    const leadEnd = out.length;
    let trailStart = 0;
    let trailEnd = 0;
    hits.forEach((hit, i) => {
      if (i > 0) out.repeat(leadStart, leadEnd);
      out.text(`,${csvFields(themeCells(themes[hit.theme] as Theme, hit), sanitize)},`);
      if (i > 0) {
        out.repeat(trailStart, trailEnd);
        return;
      }
      trailStart = out.length;
      out.text(csvFields(trail, sanitize) + eol);
      trailEnd = out.length;
    });
    out.endRow();
  }
  return out.take();
}

/**
 * A document's rows of the segments table as CSV bytes — exactly `csv.rows(segmentRows(…))`,
 * which a test holds it to — written without a row of cells per segment: a segment's fields are
 * quoted as they are met, and the fields a document's segments share (its name, its speakers and
 * perspectives) quoted once.
 */
export function segmentCsv(coded: CodedTranscript, options: TextOptions, sink?: PieceSink): Uint8Array[] {
  const out = scratch.clear(sink);
  const eol = options.excel ? '\r\n' : '\n';
  const { sanitize } = options;
  const quoted = new Map<string, string>();
  const field = (value: string) => {
    let q = quoted.get(value);
    if (q === undefined) quoted.set(value, (q = csvField(value, sanitize)));
    return q;
  };
  const points = codePointCounter(coded.text);
  for (const one of coded.segments) {
    const [document, id, line, start, end, speaker, name, role, perspective, words, themes] = segmentRow(coded, one, points) as [
      string,
      string,
      number,
      number,
      number,
      string,
      string,
      string,
      string,
      number,
      number,
    ];
    out.text(
      `${field(document)},${csvField(id, sanitize)},${line},${start},${end},${field(speaker)},${field(name)},${role},${field(perspective)},${words},${themes}${eol}`,
    );
    out.endRow();
  }
  return out.take();
}
