import { aliasOverflow, aliasTargets, MAX_EXPANDED, megabytes } from '../text/yaml-expansion.js';
import { speakerPatternProblem } from '../text/speaker-pattern.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { STEMMERS, type StemmerName } from '../text/stem.js';
import { compileRegex } from './regex.js';
import { parseNear, patternWords, ruleWords } from './terms.js';
import { DEFAULT_INTERVIEWER_LABELS, DEFAULT_NEGATIONS, UNITS, type Codebook, type CodebookOptions, type Theme, type Unit } from './types.js';

export const TOP_KEYS = ['name', 'version', 'description', 'options', 'themes'];
export const OPTION_KEYS = ['stemmer', 'unit', 'interviewer', 'speaker_pattern', 'columns', 'negation_window', 'negations'];
export const THEME_KEYS = [
  'id',
  'label',
  'definition',
  'when_to_use',
  'when_not_to_use',
  'examples',
  'keywords',
  'exact',
  'patterns',
  'regex',
  'near',
  'exclude',
  'threshold',
  'weights',
  'children',
];
const ID_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u;
/** Caps the nodes visited so that a file built of nested aliases cannot expand without bound. */
const MAX_NODES = 200_000;

export interface ParseResult {
  codebook: Codebook | undefined;
  diagnostics: Diagnostic[];
}

/** Walks a parsed YAML document, recording every problem with its line and column. */
class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private visited = 0;

  constructor(
    private readonly file: string,
    /** What each alias stands for, found once for the whole document. */
    readonly targets: Map<Alias, Node>,
    readonly lines: LineCounter,
  ) {}

  report(node: Node | null | undefined, message: string, severity: Diagnostic['severity'] = 'error'): void {
    const offset = node?.range?.[0];
    if (offset === undefined) {
      this.diagnostics.push({ file: this.file, message, severity });
      return;
    }
    const { line, col } = this.lines.linePos(offset);
    this.diagnostics.push({ file: this.file, line, column: col, message, severity });
  }

  reportAt(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.diagnostics.push({ file: this.file, line, column: col, message, severity: 'error' });
  }

  deref(node: unknown): Node | null {
    if (++this.visited > MAX_NODES) throw new TooLarge();
    if (isAlias(node)) return this.targets.get(node) ?? null;
    return (node as Node | null) ?? null;
  }

  /** The entries of a mapping, with unknown keys reported against the list of allowed ones. */
  entries(node: Node, allowed: string[], where: string): Map<string, { key: Node; value: Node | null }> {
    const out = new Map<string, { key: Node; value: Node | null }>();
    if (!isMap(node)) return out;
    for (const pair of node.items) {
      const key = this.deref(pair.key);
      const name = isScalar(key) ? String(key.value) : '';
      if (!allowed.includes(name)) {
        const hint = closest(name, allowed);
        this.report(key, `unknown key '${name}' in ${where}${hint ? ` (did you mean '${hint}'?)` : ''}; allowed: ${allowed.join(', ')}`);
        continue;
      }
      out.set(name, { key: key as Node, value: this.deref(pair.value) });
    }
    return out;
  }

  string(node: Node | null | undefined, what: string): string | undefined {
    if (node == null) return undefined;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      return String(node.value);
    }
    this.report(node, `${what} must be a text value, not ${describe(node)}`);
    return undefined;
  }

  stringList(node: Node | null | undefined, what: string): { text: string; node: Node }[] {
    if (node == null) return [];
    if (isScalar(node) && node.value === null) return [];
    if (!isSeq(node)) {
      this.report(node, `${what} must be a list of text values, not ${describe(node)}`);
      return [];
    }
    const out: { text: string; node: Node }[] = [];
    for (const raw of node.items) {
      const item = this.deref(raw);
      const text = this.string(item, `each entry of ${what}`);
      if (text !== undefined && item) out.push({ text, node: item });
    }
    return out;
  }
}

class TooLarge extends Error {}

function describe(node: Node): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return node.value === null ? 'an empty value' : `${typeof node.value} '${String(node.value)}'`;
  return 'this';
}

/** The allowed key nearest to a misspelt one, when it is close enough to be a likely typo. */
function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function parseOptions(c: Checker, node: Node | null): CodebookOptions {
  const options: CodebookOptions = {
    stemmer: 'porter',
    unit: undefined,
    interviewer: [...DEFAULT_INTERVIEWER_LABELS],
    speakerPattern: undefined,
    columns: undefined,
    negationWindow: 3,
    negations: [...DEFAULT_NEGATIONS],
  };
  if (node == null || (isScalar(node) && node.value === null)) return options;
  if (!isMap(node)) {
    c.report(node, `options must be a mapping, not ${describe(node)}`);
    return options;
  }
  const fields = c.entries(node, OPTION_KEYS, 'options');
  const stemmer = fields.get('stemmer');
  const stemmerName = c.string(stemmer?.value, 'options.stemmer');
  if (stemmerName !== undefined) {
    if ((STEMMERS as readonly string[]).includes(stemmerName)) options.stemmer = stemmerName as StemmerName;
    else c.report(stemmer?.value, `options.stemmer '${stemmerName}' is not one of: ${STEMMERS.join(', ')}`);
  }
  const unit = fields.get('unit');
  const unitName = c.string(unit?.value, 'options.unit');
  if (unitName !== undefined) {
    if ((UNITS as readonly string[]).includes(unitName)) options.unit = unitName as Unit;
    else c.report(unit?.value, `options.unit '${unitName}' is not one of: ${UNITS.join(', ')}`);
  }
  const interviewer = fields.get('interviewer');
  if (interviewer) options.interviewer = c.stringList(interviewer.value, 'options.interviewer').map((e) => e.text);
  const pattern = fields.get('speaker_pattern');
  const patternText = c.string(pattern?.value, 'options.speaker_pattern');
  if (patternText !== undefined) {
    const problem = speakerPatternProblem(patternText);
    if (problem) c.report(pattern?.value, `options.speaker_pattern ${problem}`);
    else options.speakerPattern = patternText;
  }
  const columns = fields.get('columns');
  if (columns) options.columns = c.stringList(columns.value, 'options.columns').map((e) => e.text);
  const negations = fields.get('negations');
  if (negations) options.negations = c.stringList(negations.value, 'options.negations').map((e) => e.text);
  const window = fields.get('negation_window');
  if (window) {
    const value = isScalar(window.value) ? window.value.value : undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10) options.negationWindow = value;
    else c.report(window.value ?? window.key, 'options.negation_window must be a whole number from 0 to 10');
  }
  return options;
}

interface ThemeContext {
  themes: Theme[];
  firstSeen: Map<string, Node>;
}

function parseRules(c: Checker, fields: Map<string, { key: Node; value: Node | null }>, who: string) {
  const list = (key: string) => c.stringList(fields.get(key)?.value, `'${key}' of ${who}`);
  const keywords = list('keywords');
  const exact = list('exact');
  const patterns = list('patterns');
  const regex = list('regex');
  const near = list('near');
  const exclude = list('exclude');
  for (const { text, node } of near) {
    if (!parseNear(text))
      c.report(
        node,
        `near rule '${text}' of ${who} must be two terms joined by NEAR or NEAR/N (N from 1 to 50 words between them), e.g. 'trust NEAR/5 council'`,
      );
  }
  for (const { text, node } of keywords) {
    if (text.includes('*')) c.report(node, `keyword '${text}' of ${who} has a wildcard; put it under patterns`);
    else if (ruleWords(text).length === 0) c.report(node, `keyword '${text}' of ${who} has no letters or digits to match`);
  }
  for (const { text, node } of exact) {
    if (ruleWords(text).length === 0) c.report(node, `exact rule '${text}' of ${who} has no letters or digits to match`);
  }
  for (const { text, node } of patterns) {
    const words = patternWords(text);
    if (words.length === 0) c.report(node, `pattern '${text}' of ${who} has no letters or digits to match`);
    else if (words.every((w) => /^\*+$/.test(w))) c.report(node, `pattern '${text}' of ${who} would match every word`);
  }
  for (const { text, node } of exclude) {
    if (patternWords(text).every((w) => /^\*+$/.test(w))) {
      c.report(node, `exclude '${text}' of ${who} has no letters or digits to match`);
    }
  }
  const texts = (entries: { text: string }[]) => entries.map((e) => e.text);
  for (const { text, node } of regex) {
    try {
      compileRegex(text);
    } catch (error) {
      c.report(node, `regex '${text}' of ${who} is not valid: ${(error as Error).message}`);
    }
  }
  return { keywords: texts(keywords), exact: texts(exact), patterns: texts(patterns), regex: texts(regex), near: texts(near), exclude: texts(exclude) };
}

/**
 * A theme's weighing of evidence: `threshold`, the weighted hits a segment needs to be coded
 * (1 by default: any hit), and `weights`, rules that count for more or less than 1.
 */
function parseWeights(
  c: Checker,
  fields: Map<string, { key: Node; value: Node | null }>,
  who: string,
  rules: string[],
): { threshold: number; weights: Record<string, number> } {
  const number = (node: Node | null | undefined) => (node && isScalar(node) && typeof node.value === 'number' ? node.value : undefined);
  let threshold = 1;
  const thresholdField = fields.get('threshold');
  if (thresholdField) {
    const value = number(thresholdField.value);
    if (value !== undefined && value > 0 && value <= 100) threshold = value;
    else
      c.report(
        thresholdField.value ?? thresholdField.key,
        `'threshold' of ${who} must be a number above 0 and at most 100: the weighted hits a segment needs to be coded`,
      );
  }
  const weights: Record<string, number> = {};
  const weightsNode = c.deref(fields.get('weights')?.value ?? null);
  if (weightsNode && !(isScalar(weightsNode) && weightsNode.value === null)) {
    if (!isMap(weightsNode)) c.report(weightsNode, `'weights' of ${who} must map rules to numbers, e.g. { unpaid carer: 2 }`);
    else {
      for (const pair of weightsNode.items) {
        const keyNode = c.deref(pair.key);
        const rule = keyNode && isScalar(keyNode) ? String(keyNode.value) : undefined;
        const value = number(c.deref(pair.value));
        if (rule === undefined || !rules.includes(rule))
          c.report(keyNode, `'weights' of ${who} names '${rule ?? ''}', which is not one of its keywords, exact, patterns or regex rules`);
        else if (value === undefined || value <= 0 || value > 100)
          c.report(c.deref(pair.value) ?? keyNode, `the weight of '${rule}' in ${who} must be a number above 0 and at most 100`);
        else weights[rule] = value;
      }
    }
  }
  return { threshold, weights };
}

function parseTheme(c: Checker, node: Node | null, parent: string | null, ctx: ThemeContext, position: string): void {
  if (!node || !isMap(node)) {
    c.report(node, `${position} must be a mapping with at least an id, a label and rules, not ${node ? describe(node) : 'nothing'}`);
    return;
  }
  const fields = c.entries(node, THEME_KEYS, `${position}`);
  const idNode = fields.get('id')?.value;
  const id = c.string(idNode, `the id of ${position}`);
  const name = id === undefined ? position : `theme '${id}'`;
  if (id === undefined) {
    if (!fields.has('id')) c.report(node, `${position} has no id`);
  } else if (!ID_SHAPE.test(id)) {
    c.report(idNode, `theme id '${id}' may use only letters, digits, '-', '_' and '.' and must start with a letter or digit`);
  } else if (ctx.firstSeen.has(id)) {
    const first = ctx.firstSeen.get(id)?.range?.[0];
    c.report(idNode, `duplicate theme id '${id}'${first === undefined ? '' : ` (first used at line ${lineOf(c, first)})`}`);
  } else if (idNode) {
    ctx.firstSeen.set(id, idNode);
  }
  const label = c.string(fields.get('label')?.value, `the label of ${name}`);
  if (label === undefined && !fields.has('label')) c.report(node, `${name} has no label`);
  const text = (key: string) => c.string(fields.get(key)?.value, `'${key}' of ${name}`) ?? '';
  const theme: Theme = {
    id: id ?? '',
    label: label ?? id ?? '',
    parent,
    definition: text('definition'),
    whenToUse: text('when_to_use'),
    whenNotToUse: text('when_not_to_use'),
    examples: c.stringList(fields.get('examples')?.value, `'examples' of ${name}`).map((e) => e.text),
    ...parseRules(c, fields, name),
    threshold: 1,
    weights: {},
  };
  Object.assign(theme, parseWeights(c, fields, name, [...theme.keywords, ...theme.exact, ...theme.patterns, ...theme.regex, ...theme.near]));
  ctx.themes.push(theme);
  const childrenNode = fields.get('children')?.value ?? null;
  let childCount = 0;
  if (childrenNode && !(isScalar(childrenNode) && childrenNode.value === null)) {
    if (!isSeq(childrenNode)) c.report(childrenNode, `'children' of ${name} must be a list of themes`);
    else {
      childrenNode.items.forEach((child, i) => parseTheme(c, c.deref(child), theme.id, ctx, `child ${i + 1} of ${name}`));
      childCount = childrenNode.items.length;
    }
  }
  if (theme.keywords.length + theme.exact.length + theme.patterns.length + theme.regex.length + theme.near.length === 0 && childCount === 0) {
    c.report(node, `${name} has no rules: give it keywords, exact, patterns, regex or near (or children)`);
  }
}

function lineOf(c: Checker, offset: number): number {
  return c.lines.linePos(offset).line;
}

/**
 * Reads a codebook's YAML text: parse, check the shape, normalise. Every problem is collected
 * (never only the first), each with its line and column; `codebook` is set only when there is none.
 */
export function parseCodebook(source: string, text: string): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const targets = aliasTargets(doc);
  const c = new Checker(source, targets, lines);
  for (const error of doc.errors) {
    const message = error.code === 'DUPLICATE_KEY' ? 'duplicate key: each key may appear once in a mapping' : `YAML syntax: ${error.message.split('\n')[0]}`;
    c.reportAt(error.pos[0], message);
  }
  if (doc.errors.length > 0) return { codebook: undefined, diagnostics: c.diagnostics };
  const overflow = aliasOverflow(doc, MAX_EXPANDED, targets);
  if (overflow) {
    c.reportAt(
      overflow.offset,
      `the codebook's aliases expand to ${megabytes(overflow.size)} of text, more than the ${megabytes(MAX_EXPANDED)} a codebook may hold; refusing to read it`,
    );
    return { codebook: undefined, diagnostics: c.diagnostics };
  }
  try {
    const root = c.deref(doc.contents);
    if (!root || !isMap(root)) {
      c.report(root, `a codebook must be a mapping with 'name', 'version' and 'themes'${root ? `, not ${describe(root)}` : ' (the file is empty)'}`);
      return { codebook: undefined, diagnostics: c.diagnostics };
    }
    const fields = c.entries(root, TOP_KEYS, 'the codebook');
    const options = parseOptions(c, fields.get('options')?.value ?? null);
    const ctx: ThemeContext = { themes: [], firstSeen: new Map() };
    const themesNode = fields.get('themes')?.value ?? null;
    if (!fields.has('themes')) c.report(root, "the codebook has no 'themes' list");
    else if (!themesNode || !isSeq(themesNode) || themesNode.items.length === 0) {
      c.report(themesNode ?? fields.get('themes')?.key, "'themes' must be a non-empty list of themes");
    } else {
      themesNode.items.forEach((item, i) => parseTheme(c, c.deref(item), null, ctx, `theme ${i + 1}`));
    }
    const codebook: Codebook = {
      name: c.string(fields.get('name')?.value, 'name') ?? basename(source),
      version: c.string(fields.get('version')?.value, 'version') ?? '',
      description: c.string(fields.get('description')?.value, 'description') ?? '',
      source,
      options,
      themes: ctx.themes,
    };
    const failed = c.diagnostics.some((d) => d.severity === 'error');
    return { codebook: failed ? undefined : codebook, diagnostics: sortByPosition(c.diagnostics) };
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    c.report(null, `the codebook expands to more than ${MAX_NODES.toLocaleString('en-US')} values (nested aliases?); refusing to read it`);
    return { codebook: undefined, diagnostics: c.diagnostics };
  }
}

/** File order, so a user can fix problems top to bottom. */
function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.column ?? 0) - (b.d.column ?? 0) || a.i - b.i)
    .map(({ d }) => d);
}

function basename(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
}
