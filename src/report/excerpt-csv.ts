import type { Theme } from '../codebook/types.js';
import type { CodedTranscript } from '../coding/code-transcript.js';
import { csvField } from './formats/csv.js';
import type { TextOptions } from './formats/types.js';
import { excerptSegments, themeCells, type Cell, type ExcerptOptions } from './tables.js';

const encoder = new TextEncoder();

/** A growing byte buffer that strings are encoded straight into. */
class ByteBuffer {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
  }

  text(text: string): void {
    this.reserve(text.length * 3);
    this.length += encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
  }

  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The bytes written, in a buffer of their own (so it can move to another thread). */
  take(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/**
 * A document's excerpt rows as CSV bytes — exactly `csv.rows(excerptRows(…))`, which a test
 * holds it to. A segment coded with several themes repeats its document, speaker, attributes and
 * text on every row; here they are quoted and encoded once per segment and copied per row, since
 * encoding the excerpt text again for every theme was the largest single cost of a large run.
 */
export function excerptCsv(coded: CodedTranscript, themes: Theme[], options: ExcerptOptions & TextOptions): Uint8Array {
  const out = new ByteBuffer();
  const fields = (cells: Cell[]) => cells.map((cell) => csvField(cell, options.sanitize)).join(',');
  const eol = options.excel ? '\r\n' : '\n';
  for (const { lead, hits, trail } of excerptSegments(coded, options)) {
    const leading = encoder.encode(`${fields(lead)},`);
    const trailing = encoder.encode(`,${fields(trail)}${eol}`);
    for (const hit of hits) {
      out.bytes(leading);
      out.text(fields(themeCells(themes[hit.theme] as Theme, hit)));
      out.bytes(trailing);
    }
  }
  return out.take();
}
