/**
 * Windows-1252's characters for bytes 0x80–0x9F, where it differs from Latin-1 (Node's
 * `TextDecoder('windows-1252')` decodes them as Latin-1's C1 controls, so `’` became U+0092).
 * From the WHATWG Encoding Standard's index-windows-1252; the five bytes it leaves unassigned
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the control character of the same number, as there.
 */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** The bytes 0x80–0x9F that Windows-1252 gives no character. */
export const UNASSIGNED = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

const CHARACTERS = HIGH.map((code) => String.fromCharCode(code));

/** Windows-1252 text, and which of its unassigned bytes it holds (kept as the control characters of the same number). */
export function decodeWindows1252(bytes: Uint8Array): { text: string; unassigned: number[] } {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const unassigned = new Set<number>();
  const text = latin1.replace(/[\u0080-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (UNASSIGNED.includes(code)) unassigned.add(code);
    return CHARACTERS[code - 0x80] as string;
  });
  return { text, unassigned: [...unassigned].sort((a, b) => a - b) };
}
