import { ownCopy } from '../text/own-copy.js';

/**
 * A set of segment ids (`document#n`) held as each document's name once with a set of its
 * segment numbers: a run of 10,000 interviews lists millions of segments, and as strings they
 * took hundreds of megabytes. Ids of any other form are kept as they are.
 */
export class SegmentSet implements Iterable<string> {
  private readonly numbers = new Map<string, Set<number>>();
  private readonly others = new Set<string>();

  add(id: string): void {
    const split = splitId(id);
    if (split === undefined) {
      this.others.add(ownCopy(id));
      return;
    }
    let numbers = this.numbers.get(split.document);
    if (!numbers) this.numbers.set(ownCopy(split.document), (numbers = new Set()));
    numbers.add(split.number);
  }

  has(id: string): boolean {
    const split = splitId(id);
    return split === undefined ? this.others.has(id) : this.numbers.get(split.document)?.has(split.number) === true;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const [document, numbers] of this.numbers) for (const n of numbers) yield `${document}#${n}`;
    yield* this.others;
  }
}

/** `document#n` as its parts, when n is written as qcode writes it (a whole number from 1, no leading zero). */
function splitId(id: string): { document: string; number: number } | undefined {
  const hash = id.lastIndexOf('#');
  const digits = id.slice(hash + 1);
  if (hash < 0 || !/^[1-9]\d{0,8}$/.test(digits)) return undefined;
  return { document: id.slice(0, hash), number: Number(digits) };
}
