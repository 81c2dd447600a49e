import type { Theme } from '../codebook/types.js';
import type { CodedTranscript } from '../coding/code-transcript.js';
import type { ThemeHits } from '../coding/code-span.js';
import { csvField, NEEDS_QUOTES } from './formats/csv.js';
import { isFormulaStart, type TextOptions } from './formats/types.js';
import { segmentRow, type ExcerptOptions } from './tables.js';
import { around } from '../text/around.js';
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

  /**
   * `value` as one CSV field, exactly as `csvField` renders it, quoted and its quotes doubled as
   * it is encoded: no quoted copy of a long text is made first.
   */
  field(value: string, sanitize: boolean): void {
    const prefix = sanitize && isFormulaStart(value) ? "'" : '';
    if (!NEEDS_QUOTES.test(value)) {
      if (prefix) this.text(prefix);
      this.text(value);
      return;
    }
    this.text(`"${prefix}`);
    let from = 0;
    for (let quote = value.indexOf('"'); quote !== -1; quote = value.indexOf('"', quote + 1)) {
      // Each quote goes out twice: ending the text before it, and starting the text after it.
      this.text(value.slice(from, quote + 1));
      from = quote;
    }
    this.text(from === 0 ? value : value.slice(from));
    this.text('"');
  }

  /** Appends again the bytes already written at `[start, end)`. */
  repeat(start: number, end: number): void {
    this.reserve(end - start);
    // Within one buffer: copyWithin makes no view of it per call, as Buffer.copy does.
    this.buffer.copyWithin(this.length, start, end);
    this.length += end - start;
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
   * The bytes written and not given to the sink: in pieces of their own memory (so they can move
   * to another thread) — an ordinary document's rows copied out of the reused buffer, a large
   * one's handed over — or, when `view`, the rest as a view of the buffer, valid until it is next
   * cleared.
   */
  take(view: boolean): Uint8Array[] {
    const { length } = this;
    this.sink = undefined;
    this.length = 0;
    const pieces = this.pieces.splice(0);
    if (view) pieces.push(this.buffer.subarray(0, length));
    else if (length <= KEPT_BYTES) pieces.push(new Uint8Array(this.buffer.subarray(0, length)));
    else pieces.push(this.buffer.subarray(0, length));
    // A buffer grown by a large document is let go (a view keeps it as long as it is needed).
    if (length > KEPT_BYTES || this.buffer.length > KEPT_BYTES) this.buffer = Buffer.allocUnsafe(1 << 16);
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

/**
 * How a table of the document next in line for the output is rendered: its full blocks go to
 * `sink` as they fill, and the rest comes back as a view of scratch memory that is `slot`'s own
 * (one per table and format the document renders), valid until that slot renders the next
 * document — by when the caller has written it.
 */
export interface TableStream {
  sink: PieceSink;
  slot: number;
}

/** Scratch memory by slot; slot-less renders (on their way to another thread) share the first. */
const scratches: ByteBuffer[] = [];

function scratchFor(stream: TableStream | undefined): ByteBuffer {
  const slot = stream ? stream.slot + 1 : 0;
  return (scratches[slot] ??= new ByteBuffer()).clear(stream?.sink);
}

/**
 * A document's excerpt rows as CSV bytes — exactly `csv.rows(excerptRows(…))`, which a test
 * holds it to (the pieces handed to `sink` first, then those returned). The text, by far the
 * largest field, is quoted as it is encoded (no quoted copy of it is made); a segment coded with
 * several themes repeats its document, speaker, attributes and text on every row, so those runs
 * are encoded once, for the segment's first row, and copied as bytes for the others; the fields
 * a document's rows share (its name, speakers, attributes, the themes' ids and labels) are
 * quoted once.
 */
export function excerptCsv(coded: CodedTranscript, themes: Theme[], options: ExcerptOptions & TextOptions, stream?: TableStream): Uint8Array[] {
  const out = scratchFor(stream);
  const { sanitize, attributeColumns, context } = options;
  const eol = options.excel ? '\r\n' : '\n';
  const field = sharedFields(sanitize);
  const themeFields = themes.map((theme) => `,${csvField(theme.id, sanitize)},${csvField(theme.label, sanitize)},`);
  const points = codePointCounter(coded.text);
  for (const { segment, themes: hits } of coded.segments) {
    if (hits.length === 0) continue;
    const { attributes } = segment;
    let lead = `${field(segment.document)},${csvField(segment.id, sanitize)},${segment.line},${points(segment.start)},${points(segment.end)},${field(segment.speaker ?? '')},${field(segment.speakerName ?? '')},${field(attributes.perspective ?? '')}`;
    for (const column of attributeColumns) lead += `,${field(attributes[column] ?? '')}`;
    const leadStart = out.length;
    out.text(lead);
    const leadEnd = out.length;
    let trailStart = 0;
    let trailEnd = 0;
    for (let i = 0; i < hits.length; i++) {
      const hit = hits[i] as ThemeHits;
      if (i > 0) out.repeat(leadStart, leadEnd);
      out.text(`${themeFields[hit.theme] as string}${csvField(hit.terms.join('; '), sanitize)},${hit.hits},${hit.negated},`);
      if (i > 0) {
        out.repeat(trailStart, trailEnd);
        continue;
      }
      trailStart = out.length;
      out.field(coded.text.slice(segment.start, segment.end), sanitize);
      if (context > 0) {
        const [before, after] = around(coded.text, segment.start, segment.end, context);
        out.text(`,${csvField(before, sanitize)},${csvField(after, sanitize)}`);
      }
      out.text(eol);
      trailEnd = out.length;
    }
    out.endRow();
  }
  return out.take(stream !== undefined);
}

/** Quotes a value once for all the rows of a document that repeat it (its name, speakers, perspectives). */
function sharedFields(sanitize: boolean): (value: string) => string {
  const quoted = new Map<string, string>();
  return (value) => {
    let q = quoted.get(value);
    if (q === undefined) quoted.set(value, (q = csvField(value, sanitize)));
    return q;
  };
}

/**
 * A document's rows of the segments table as CSV bytes — exactly `csv.rows(segmentRows(…))`,
 * which a test holds it to — written without a row of cells per segment: a segment's fields are
 * quoted as they are met, and the fields a document's segments share (its name, its speakers and
 * perspectives) quoted once.
 */
export function segmentCsv(coded: CodedTranscript, options: TextOptions, stream?: TableStream): Uint8Array[] {
  const out = scratchFor(stream);
  const eol = options.excel ? '\r\n' : '\n';
  const { sanitize } = options;
  const field = sharedFields(sanitize);
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
  return out.take(stream !== undefined);
}
