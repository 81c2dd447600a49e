/**
 * An open-addressing table from words to values, looked up by a span of text and its hash (as
 * `scanTokens` computes it) without slicing a string out of the text: the lookup that coding
 * does once per word of the corpus.
 */
export class WordTable<V> {
  private keys: (string | undefined)[] = new Array(1024);
  private hashes = new Int32Array(1024);
  private values: (V | undefined)[] = new Array(1024);
  private size = 0;

  /** The value for the ASCII word `text[start, end)` (compared case-insensitively), if present. */
  get(text: string, start: number, end: number, hash: number): V | undefined {
    const mask = this.hashes.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === undefined) return undefined;
      if (this.hashes[slot] === hash && sameWord(key, text, start, end)) return this.values[slot];
    }
  }

  /** Files a lower-cased word under its hash. */
  set(word: string, hash: number, value: V): void {
    if ((this.size + 1) * 2 > this.hashes.length) this.grow();
    const mask = this.hashes.length - 1;
    let slot = hash & mask;
    while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
    this.keys[slot] = word;
    this.hashes[slot] = hash;
    this.values[slot] = value;
    this.size++;
  }

  private grow(): void {
    const { keys, hashes, values } = this;
    this.keys = new Array(keys.length * 2);
    this.hashes = new Int32Array(hashes.length * 2);
    this.values = new Array(values.length * 2);
    this.size = 0;
    keys.forEach((key, i) => {
      if (key !== undefined) this.set(key, hashes[i] as number, values[i] as V);
    });
  }
}

function sameWord(key: string, text: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let k = 0; k < key.length; k++) {
    let c = text.charCodeAt(start + k);
    if (c <= 0x5a && c >= 0x41) c |= 0x20;
    if (c !== key.charCodeAt(k)) return false;
  }
  return true;
}
