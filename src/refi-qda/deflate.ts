import { createRequire } from 'node:module';

// zlib loads only when a project is written: a run that prints one table never pays for it.
const require = createRequire(import.meta.url);
const zlib = () => require('node:zlib') as typeof import('node:zlib');

/**
 * A piece of a deflate stream with the CRC-32 and length of the bytes it holds. Pieces made by
 * `deflatePiece` end on a byte boundary without closing the stream, so pieces compressed apart —
 * on different threads, or in different shards — join into one valid stream by concatenation.
 */
export interface DeflatedPiece {
  data: Uint8Array;
  crc: number;
  size: number;
}

/** Fast rather than small: the project's text is plain prose and XML, which level 1 already shrinks about threefold. */
const LEVEL = 1;

const encoder = new TextEncoder();

/**
 * Bytes kept as they are (a ZIP entry stored, not deflated), with their CRC-32: `utf8`, the
 * text's bytes when already at hand (not copied: a worker copies what it cannot move), or the
 * text encoded.
 */
export function storedPiece(text: string, utf8?: Uint8Array): DeflatedPiece {
  const data = utf8 ?? encoder.encode(text);
  return { data, crc: zlib().crc32(data), size: data.length };
}

export function deflatePiece(text: string | Uint8Array, last = false): DeflatedPiece {
  const raw = typeof text === 'string' ? Buffer.from(text) : text;
  // Copied out of zlib's buffer, which may share memory with others, so it can be moved between threads.
  const { constants, crc32, deflateRawSync } = zlib();
  const data = new Uint8Array(deflateRawSync(raw, { level: LEVEL, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
  return { data, crc: crc32(raw), size: raw.length };
}

/** Characters of text deflated at a time by a `PieceWriter`. */
const PIECE_CHARS = 1 << 20;

/**
 * Text deflated as it is written, a megabyte of characters at a time, into one piece: a very
 * large document's XML never sits whole in memory (as a string, then as bytes). Text shorter than
 * that is deflated in one go, exactly as `deflatePiece` would.
 */
export class PieceWriter {
  private pending = '';
  private readonly pieces: DeflatedPiece[] = [];

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= PIECE_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending === '') return;
    this.pieces.push(deflatePiece(this.pending));
    this.pending = '';
  }

  /** The pieces so far as one (sync-flushed pieces join into one stream by concatenation). */
  finish(): DeflatedPiece {
    this.flush();
    if (this.pieces.length <= 1) return this.pieces[0] ?? deflatePiece('');
    const data = new Uint8Array(this.pieces.reduce((n, p) => n + p.data.length, 0));
    let crc = 0;
    let size = 0;
    let at = 0;
    for (const piece of this.pieces) {
      data.set(piece.data, at);
      at += piece.data.length;
      crc = crc32Combine(crc, piece.crc, piece.size);
      size += piece.size;
    }
    return { data, crc, size };
  }
}

/**
 * Whether a piece's bytes are what its CRC-32 and length say: `stored` bytes as they are, else a
 * piece of a deflate stream, inflated to check.
 */
export function pieceMatches(piece: DeflatedPiece, stored: boolean): boolean {
  const { constants, crc32, inflateRawSync } = zlib();
  let raw: Uint8Array;
  try {
    raw = stored ? piece.data : inflateRawSync(piece.data, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return false;
  }
  return raw.length === piece.size && crc32(raw) === piece.crc;
}

const POLY = 0xedb88320;

/** a(x)·b(x) modulo the CRC-32 polynomial, in the reflected bit order CRC-32 uses. */
function multiplyModP(a: number, b: number): number {
  let product = 0;
  for (let bit = 0x80000000; bit !== 0; bit >>>= 1) {
    if ((a & bit) !== 0) product ^= b;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial, for k = 0..63, worked out on first use. */
const POWERS: number[] = [];
function powerOfX(k: number): number {
  if (POWERS.length === 0) for (let j = 0, p = 0x40000000; j < 64; j++, p = multiplyModP(p, p)) POWERS.push(p);
  return POWERS[k] as number;
}

/**
 * The CRC-32 of A followed by B from the CRCs of A and B and B's length: appending n bytes
 * multiplies A's remainder by x^(8n), applied here by squaring.
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  let product = 0x80000000; // x^0
  let n = lengthB;
  for (let k = 3; n > 0; k++, n = Math.floor(n / 2)) if (n % 2 === 1) product = multiplyModP(powerOfX(k), product);
  return (multiplyModP(product, crcA) ^ crcB) >>> 0;
}

/** A deflate stream built from pieces: its running CRC-32 and sizes. */
export class DeflatedStream {
  crc = 0;
  size = 0;
  compressedSize = 0;

  add(piece: DeflatedPiece): void {
    this.append(piece.crc, piece.size, piece.data.length);
  }

  addStream(stream: DeflatedStream): void {
    this.append(stream.crc, stream.size, stream.compressedSize);
  }

  private append(crc: number, size: number, compressedSize: number): void {
    this.crc = crc32Combine(this.crc, crc, size);
    this.size += size;
    this.compressedSize += compressedSize;
  }
}
