import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';

/** As much text as a codebook file may hold: what its aliases expand to may not be more. */
export const MAX_EXPANDED = 5 * 2 ** 20;

/**
 * What each alias of a YAML document stands for: the node last anchored with its name before it,
 * found in one pass (the yaml library's `Alias.resolve` searches the whole document for each
 * alias, which is quadratic in a file of ten thousand aliases).
 */
export function aliasTargets(doc: Document): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  const walk = (node: unknown): void => {
    if (node === null || node === undefined) return;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
      return;
    }
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
      return;
    }
    const anchor = (node as { anchor?: string }).anchor;
    // An anchor names its node for the aliases after it, including those inside it.
    if (anchor) anchors.set(anchor, node as Node);
    if (isMap(node) || isSeq(node)) for (const item of node.items as unknown[]) walk(item);
  };
  walk(doc.contents);
  return targets;
}

/**
 * How much text (keys and values) a YAML document holds with its aliases expanded, and where the
 * alias standing for the most of it is, when that is over `limit`. Each node is measured once
 * however often it is aliased, so a 140 KB file whose 100 KB scalar is aliased ten thousand
 * times — a gigabyte once expanded — is measured in a moment, before any reader builds it.
 */
export function aliasOverflow(doc: Document, limit = MAX_EXPANDED, targets = aliasTargets(doc)): { offset: number; size: number } | undefined {
  const measured = new Map<unknown, number>();
  const open = new Set<unknown>();
  let largest: { offset: number; size: number } | undefined;
  const size = (node: unknown): number => {
    if (node === null || node === undefined) return 0;
    const known = measured.get(node);
    if (known !== undefined) return known;
    // A node that contains an alias to itself adds nothing more than it holds.
    if (open.has(node)) return 0;
    open.add(node);
    let expanded = 0;
    if (isAlias(node)) {
      expanded = size(targets.get(node));
      if (!largest || expanded > largest.size) largest = { offset: node.range?.[0] ?? 0, size: expanded };
    } else if (isScalar(node)) expanded = String(node.value ?? '').length;
    else if (isMap(node) || isSeq(node)) for (const item of node.items as unknown[]) expanded += size(item);
    else if (isPair(node)) expanded = size(node.key) + size(node.value);
    open.delete(node);
    measured.set(node, expanded);
    return expanded;
  };
  const total = size(doc.contents);
  return total > limit ? { offset: largest?.offset ?? 0, size: total } : undefined;
}

/** A size in characters as a reader would say it: `954 MB`, `4.9 MB`. */
export function megabytes(chars: number): string {
  const mb = chars / 2 ** 20;
  return `${mb >= 10 ? Math.round(mb).toLocaleString('en-GB') : mb.toFixed(1).replace(/\.0$/, '')} MB`;
}
