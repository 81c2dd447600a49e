import type { DeflatedPiece } from './deflate.js';
import type { ByteSink, ScratchFile } from '../output/atomic.js';

// Every entry is dated 2000-01-01 00:00: the same run gives the same bytes.
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;

/** An entry: its CRC-32 and sizes up front, then its deflated bytes written on demand. */
interface ZipEntry {
  name: string;
  /** 8 (deflated) or 0 (stored as it is). */
  method: 0 | 8;
  crc: number;
  size: number;
  compressedSize: number;
  writeData(sink: ByteSink): void;
}

/** The fields a local header and a central record share, from "version needed" to the name's length. */
function sharedFields(header: Buffer, at: number, version: number, entry: ZipEntry, big: boolean, nameLength: number): void {
  header.writeUInt16LE(version, at);
  header.writeUInt16LE(UTF8_NAMES, at + 2);
  header.writeUInt16LE(entry.method, at + 4);
  header.writeUInt16LE(0, at + 6); // time: midnight
  header.writeUInt16LE(DOS_DATE, at + 8);
  header.writeUInt32LE(entry.crc >>> 0, at + 10);
  header.writeUInt32LE(big ? MAX32 : entry.compressedSize, at + 14);
  header.writeUInt32LE(big ? MAX32 : entry.size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

/**
 * A ZIP archive written front to back, one entry at a time, with sizes known before each entry:
 * nothing is held in memory but the entry being written. The central directory collects in a
 * scratch file. Zip64 records are added only when an archive outgrows the classic limits
 * (65,535 entries or 4 GiB), so ordinary archives open in every reader.
 */
export class ZipWriter {
  private offset = 0;
  private entries = 0;
  private centralSize = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly central: ScratchFile,
  ) {}

  /** Adds an entry; returns where its data starts in the archive. */
  add(entry: ZipEntry): number {
    const name = Buffer.from(entry.name);
    const compressed = entry.compressedSize;
    const big = entry.size >= MAX32 || compressed >= MAX32;
    const far = this.offset >= MAX32;
    const version = big || far ? 45 : 20;

    const local = Buffer.alloc(30 + name.length + (big ? 20 : 0));
    local.writeUInt32LE(0x04034b50, 0);
    sharedFields(local, 4, version, entry, big, name.length);
    local.writeUInt16LE(big ? 20 : 0, 28);
    name.copy(local, 30);
    if (big) {
      local.writeUInt16LE(0x0001, 30 + name.length);
      local.writeUInt16LE(16, 32 + name.length);
      local.writeBigUInt64LE(BigInt(entry.size), 34 + name.length);
      local.writeBigUInt64LE(BigInt(compressed), 42 + name.length);
    }

    const wide = [...(big ? [entry.size, compressed] : []), ...(far ? [this.offset] : [])];
    const extra = wide.length > 0 ? 4 + 8 * wide.length : 0;
    const record = Buffer.alloc(46 + name.length + extra);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | version, 4); // made on Unix, so the permissions below apply
    sharedFields(record, 6, version, entry, big, name.length);
    record.writeUInt16LE(extra, 30);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    record.writeUInt32LE(far ? MAX32 : this.offset, 42);
    name.copy(record, 46);
    if (extra > 0) {
      record.writeUInt16LE(0x0001, 46 + name.length);
      record.writeUInt16LE(8 * wide.length, 48 + name.length);
      wide.forEach((value, i) => record.writeBigUInt64LE(BigInt(value), 50 + name.length + 8 * i));
    }

    this.sink.write(local);
    let written = 0;
    entry.writeData({
      write: (data) => {
        written += data.length;
        this.sink.write(data);
      },
    });
    if (written !== compressed) throw new Error(`${entry.name}: wrote ${written} bytes, not the ${compressed} announced`);
    this.central.write(record);
    const dataAt = this.offset + local.length;
    this.offset += local.length + compressed;
    this.centralSize += record.length;
    this.entries++;
    return dataAt;
  }

  /** Adds an entry held in memory: a finished deflate stream (method 8) or the bytes themselves (0). */
  addPiece(name: string, piece: DeflatedPiece, method: 0 | 8): number {
    return this.add({ name, method, crc: piece.crc, size: piece.size, compressedSize: piece.data.length, writeData: (sink) => sink.write(piece.data) });
  }

  /** Writes the central directory and the end records. */
  finish(): void {
    const start = this.offset;
    this.central.copyTo(this.sink);
    const wide = this.entries > MAX16 || start >= MAX32 || this.centralSize >= MAX32;
    if (wide) {
      const zip64 = Buffer.alloc(56 + 20);
      zip64.writeUInt32LE(0x06064b50, 0);
      zip64.writeBigUInt64LE(44n, 4);
      zip64.writeUInt16LE((3 << 8) | 45, 12);
      zip64.writeUInt16LE(45, 14);
      zip64.writeBigUInt64LE(BigInt(this.entries), 24);
      zip64.writeBigUInt64LE(BigInt(this.entries), 32);
      zip64.writeBigUInt64LE(BigInt(this.centralSize), 40);
      zip64.writeBigUInt64LE(BigInt(start), 48);
      zip64.writeUInt32LE(0x07064b50, 56);
      zip64.writeBigUInt64LE(BigInt(start + this.centralSize), 64);
      zip64.writeUInt32LE(1, 72);
      this.sink.write(zip64);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(this.entries, MAX16), 8);
    end.writeUInt16LE(Math.min(this.entries, MAX16), 10);
    end.writeUInt32LE(Math.min(this.centralSize, MAX32), 12);
    end.writeUInt32LE(Math.min(start, MAX32), 16);
    this.sink.write(end);
  }
}
