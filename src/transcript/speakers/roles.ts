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
