import { createHash } from 'node:crypto';
import type { Codebook, Theme } from '../codebook/types.js';

// XML 1.0 forbids these control characters: matching them is the point.
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** Text safe in XML content and attributes; most text has nothing to escape, checked in one pass. */
export const escapeXml = (text: string) =>
  !XML_SPECIAL.test(text)
    ? text
    : text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** A GUID derived from the codebook's name and the theme id, so the same codebook always exports the same file. */
export function stableGuid(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  // Shaped as a version-5 UUID: the variant and version nibbles set as RFC 4122 asks.
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** How qcode weighs the theme's evidence, in words, when it does (`weights`, `threshold`). */
function weighing(theme: Theme): string {
  const weights = Object.entries(theme.weights);
  if (weights.length === 0 && theme.threshold === 1) return '';
  const list = weights.map(([rule, weight]) => `"${rule}" ${weight}`).join(', ');
  return `Coded by qcode when its rules' hits weigh ${theme.threshold} or more${list ? ` (each hit 1, but ${list})` : ''}.`;
}

/** A theme's documentation as one REFI-QDA description. */
function description(theme: Theme): string {
  return [
    theme.definition,
    theme.whenToUse && `When to use: ${theme.whenToUse}`,
    theme.whenNotToUse && `When not to use: ${theme.whenNotToUse}`,
    theme.examples.length > 0 && `Examples: ${theme.examples.join(' | ')}`,
    // REFI-QDA has no place for rules; how qcode weighs evidence is said in words, for the coder who reads it.
    weighing(theme),
  ]
    .filter(Boolean)
    .join('\n')
    .trim();
}

/**
 * The codebook as a REFI-QDA codebook (`.qdc`), which NVivo, ATLAS.ti, MAXQDA and QualCoder
 * import: every theme a code (children nested), its documentation as the description.
 */
export function codebookToQdc(codebook: Codebook): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="qcode">',
    '  <Codes>',
    ...codeElements(codebook, '    '),
    '  </Codes>',
    '</CodeBook>',
    '',
  ].join('\n');
}

/** Twenty colours that stay apart on screen (Tableau 20). */
const PALETTE = [
  '#1F77B4',
  '#AEC7E8',
  '#FF7F0E',
  '#FFBB78',
  '#2CA02C',
  '#98DF8A',
  '#D62728',
  '#FF9896',
  '#9467BD',
  '#C5B0D5',
  '#8C564B',
  '#C49C94',
  '#E377C2',
  '#F7B6D2',
  '#7F7F7F',
  '#C7C7C7',
  '#BCBD22',
  '#DBDB8D',
  '#17BECF',
  '#9EDAE5',
];

/** A code's colour, from its theme id alone: adding or reordering themes leaves the others' colours as they were. */
function colourOf(id: string): string {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return PALETTE[(hash >>> 0) % PALETTE.length] as string;
}

/**
 * The themes as nested REFI-QDA `<Code>` elements — the same in a `.qdc` codebook and in a
 * project — with GUIDs derived from the codebook's name and the theme ids.
 */
export function codeElements(codebook: Codebook, indent: string): string[] {
  const lines: string[] = [];
  const write = (theme: Theme, at: string) => {
    const children = codebook.themes.filter((t) => t.parent === theme.id);
    const open = `${at}<Code guid="${stableGuid(codebook.name, theme.id)}" name="${escapeXml(theme.label)}" isCodable="true" color="${colourOf(theme.id)}"`;
    const text = description(theme);
    if (text === '' && children.length === 0) {
      lines.push(`${open}/>`);
      return;
    }
    lines.push(`${open}>`);
    if (text !== '') lines.push(`${at}  <Description>${escapeXml(text)}</Description>`);
    for (const child of children) write(child, `${at}  `);
    lines.push(`${at}</Code>`);
  };
  for (const theme of codebook.themes.filter((t) => t.parent === null)) write(theme, indent);
  return lines;
}
