import type { StemmerName } from '../text/stem.js';

/** How a transcript is cut into the segments that are coded. */
export const UNITS = ['turn', 'paragraph', 'sentence'] as const;
export type Unit = (typeof UNITS)[number];

/** The rule lists a theme may carry, in the order they are documented. */
export const RULE_TYPES = ['keywords', 'exact', 'patterns', 'regex', 'near'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export interface CodebookOptions {
  stemmer: StemmerName;
  /** The unit the codebook asks for; `undefined` lets the transcript decide (turns where speakers are labelled). */
  unit: Unit | undefined;
  /** Speaker labels whose turns are kept for context but not coded. */
  interviewer: string[];
  /** A speaker-label pattern (its first group the label) that replaces qcode's own reading of labels. */
  speakerPattern: string | undefined;
  /** The attributes that become excerpt columns, in this order; `undefined`: every one found. */
  columns: string[] | undefined;
  /** A hit with a negation this many words or fewer before it (in the same clause) is marked negated. */
  negationWindow: number;
  negations: string[];
}

/** One theme, with its rules as written. Children are flattened into `Codebook.themes` after their parent. */
export interface Theme {
  id: string;
  label: string;
  /** The id of the parent theme, or `null` for a top-level theme. */
  parent: string | null;
  definition: string;
  whenToUse: string;
  whenNotToUse: string;
  examples: string[];
  keywords: string[];
  exact: string[];
  patterns: string[];
  /** Regular expressions, run by a linear-time engine over the segment's text. */
  regex: string[];
  /** Two terms within N words of each other, either order: `trust NEAR/5 council`. */
  near: string[];
  exclude: string[];
  /** The weighted hits a segment needs to be coded with the theme (1: any hit). */
  threshold: number;
  /** Rules (as written) that count for more or less than 1 towards the threshold. */
  weights: Record<string, number>;
}

export interface Codebook {
  name: string;
  version: string;
  description: string;
  /** Where the codebook was read from, as the user named it. */
  source: string;
  options: CodebookOptions;
  /** Every theme, depth first in the order written. */
  themes: Theme[];
}

export const DEFAULT_INTERVIEWER_LABELS = ['Interviewer', 'Int', 'I', 'Q', 'Facilitator', 'Moderator', 'Researcher', 'Host', 'Co-host', 'Chair', 'Presenter'];
export const DEFAULT_NEGATIONS = [
  'no',
  'not',
  'never',
  'without',
  'lack of',
  'lacks',
  'lacking',
  'absence of',
  'nobody',
  'nothing',
  'none',
  'neither',
  'nor',
  'cannot',
  'no one',
  'hardly',
];
