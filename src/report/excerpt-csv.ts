import type { Theme } from '../codebook/types.js';
import type { CodedTranscript } from '../coding/code-transcript.js';
import { csvField } from './formats/csv.js';
import type { TextOptions } from './formats/types.js';
import { around, type ExcerptOptions } from './tables.js';

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
  const { sanitize } = options;
  const eol = options.excel ? '\r\n' : '\n';
  const themeFields = new Map<number, Uint8Array>();
  for (const { segment, themes: hits } of coded.segments) {
    if (hits.length === 0) continue;
    const leading = [
      segment.document, segment.id, segment.line, segment.start, segment.end, segment.speaker ?? '',
      segment.attributes.perspective ?? '',
      ...options.attributeColumns.map((c) => segment.attributes[c] ?? ''),
    ];
    const context = options.context > 0 ? around(coded.text, segment.start, segment.end, options.context) : [];
    const lead = encoder.encode(`${leading.map((cell) => csvField(cell, sanitize)).join(',')},`);
    const trail = encoder.encode(`,${[coded.text.slice(segment.start, segment.end), ...context].map((cell) => csvField(cell, sanitize)).join(',')}${eol}`);
    for (const hit of hits) {
      let fields = themeFields.get(hit.theme);
      if (!fields) {
        const theme = themes[hit.theme] as Theme;
        themeFields.set(hit.theme, (fields = encoder.encode(`${csvField(theme.id, sanitize)},${csvField(theme.label, sanitize)},`)));
      }
      out.bytes(lead);
      out.bytes(fields);
      out.text(`${csvField(hit.terms.join('; '), sanitize)},${hit.hits},${hit.negated}`);
      out.bytes(trail);
    }
  }
  return out.take();
}
