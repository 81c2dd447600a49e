import type { Paragraph } from '../types.js';

/** Who a speaker is in the interview: the one asking, or one answering. */
export type Role = 'interviewer' | 'participant';

/** What decides a speaker's role besides the label itself. */
export interface RoleContext {
  /** Interviewer labels, lower-cased (the codebook's or `--interviewer`'s). */
  interviewer: Set<string>;
  /** Names the front matter gives as hosts or interviewers, lower-cased. */
  hosts: Set<string>;
}

const NUMBERED = /^(.*?)[ \t_.#-]?\d{1,2}$/;

/**
 * A speaker's role: an interviewer label, also numbered (`Interviewer 2`, `Interviewer3`, `Int1`),
 * or a host the front matter names by label or by the name a key gives the label.
 */
export function roleOf(label: string, name: string | undefined, context: RoleContext): Role {
  const key = label.toLowerCase().trim();
  if (context.interviewer.has(key) || context.hosts.has(key)) return 'interviewer';
  if (name !== undefined && context.hosts.has(name.toLowerCase())) return 'interviewer';
  const numbered = NUMBERED.exec(key)?.[1];
  if (numbered && context.interviewer.has(numbered.trim())) return 'interviewer';
  return 'participant';
}

/**
 * The speaker who asks the questions, where no label, front matter or key says who interviews
 * (`Speaker 1`/`Speaker 2`, names from Otter or Zoom): most of their turns ask something and no
 * one else's do. Undefined when the turns do not say it clearly.
 */
export function questionAsker(paragraphs: Paragraph[], text: string): string | undefined {
  const asked = new Map<string, { turns: Set<number>; questions: Set<number> }>();
  for (const p of paragraphs) {
    if (p.speaker === null || p.turn === null) continue;
    const key = p.speaker.toLowerCase();
    let entry = asked.get(key);
    if (!entry) asked.set(key, (entry = { turns: new Set(), questions: new Set() }));
    entry.turns.add(p.turn);
    if (text.slice(p.start, p.end).includes('?')) entry.questions.add(p.turn);
  }
  const shares = [...asked].filter(([, e]) => e.turns.size >= 2).map(([key, e]) => ({ key, share: e.questions.size / e.turns.size }));
  if (shares.length < 2) return undefined;
  shares.sort((a, b) => b.share - a.share);
  const [top, next] = shares as [{ key: string; share: number }, { key: string; share: number }];
  return top.share >= 0.5 && next.share <= top.share / 2 ? top.key : undefined;
}
