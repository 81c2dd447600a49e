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

const INTERVIEWER_ROLE = /^(?:host|co-?host|interviewer|moderator|facilitator|chair|researcher|presenter)$/i;

/** Whether a `role` attribute (front matter, attributes file) says the speaker asks the questions. */
export function isInterviewerRole(role: string | undefined): boolean {
  return role !== undefined && INTERVIEWER_ROLE.test(role.trim());
}

const NUMBERED = /^(.*?)[ \t_.#-]?\d{1,2}$/;
const ROLE_IN_LABEL = /\(([^()]{1,20})\)$/;

/**
 * A speaker's role: an interviewer label, also numbered (`Interviewer 2`, `Interviewer3`, `Int1`),
 * or a host the front matter names by label or by the name a key gives the label.
 */
export function roleOf(label: string, name: string | undefined, context: RoleContext): Role {
  return interviewerBy(label, name, context) === undefined ? 'participant' : 'interviewer';
}

/** What makes a speaker an interviewer — `label`, `front matter`, `key` — or undefined for a participant. */
export function interviewerBy(label: string, name: string | undefined, context: RoleContext): RoleSource | undefined {
  const key = label.toLowerCase().trim();
  if (context.interviewer.has(key)) return 'label';
  if (context.hosts.has(key)) return 'front matter';
  if (name !== undefined && context.hosts.has(name.toLowerCase())) return 'key';
  const numbered = NUMBERED.exec(key)?.[1];
  if (numbered && context.interviewer.has(numbered.trim())) return 'label';
  // The label may say the role itself: `Leo Dion (host)`, `Sam (Interviewer)`.
  const role = ROLE_IN_LABEL.exec(key)?.[1];
  if (role !== undefined && (INTERVIEWER_ROLE.test(role) || context.interviewer.has(role))) return 'label';
  return undefined;
}

/** A transcription service's label for a voice it could not name (Otter's `Unknown Speaker`): maybe several people. */
export function isPlaceholder(label: string): boolean {
  return /^unknown(?:[ _-]?speaker)?(?:[ _-]?\d+)?$/i.test(label.trim());
}

/** How a speaker's role was decided, for `qcode speakers`: what says so, or what they did (`introduction`, `questions`, `opening`). */
export type RoleSource = 'label' | 'front matter' | 'key' | 'introduction' | 'questions' | 'opening';

/** Interviewers found by how they speak, where no label, front matter or key says who they are. */
export interface InferredInterviewers {
  /** Lower-cased labels. */
  labels: string[];
  /** `introduction`: who welcomes the listener or the guest; `questions`: one speaker asks most of the questions; `opening`: whoever opens, and anyone asking as much. */
  by: 'introduction' | 'questions' | 'opening';
}

/**
 * Who interviews, where no label, front matter or key says (`Speaker 1`/`Speaker 2`, names from
 * Otter or Zoom, a podcast's hosts): whoever introduces the conversation (`welcome to the show…`);
 * else the one speaker whose turns ask far more questions than
 * anyone else's; failing that, whoever opens the conversation (hosts and interviewers do), with
 * anyone who asks at least as often. Undefined with fewer than two speakers.
 */
export function inferInterviewers(paragraphs: Paragraph[], text: string): InferredInterviewers | undefined {
  const inferred = inferredFromTalk(paragraphs, text);
  // Where the one who hosts is a placeholder (`Unknown Speaker`), no one named is: the questions
  // stay coded (with a doubt) rather than someone else's answers going uncoded.
  const labels = inferred?.labels.filter((label) => !isPlaceholder(label)) ?? [];
  return inferred && labels.length > 0 ? { ...inferred, labels } : undefined;
}

function inferredFromTalk(paragraphs: Paragraph[], text: string): InferredInterviewers | undefined {
  const asked = new Map<string, { turns: Set<number>; questions: Set<number>; chars: number }>();
  for (const p of paragraphs) {
    if (p.speaker === null || p.turn === null) continue;
    const key = p.speaker.toLowerCase();
    let entry = asked.get(key);
    if (!entry) asked.set(key, (entry = { turns: new Set(), questions: new Set(), chars: 0 }));
    entry.turns.add(p.turn);
    entry.chars += p.end - p.start;
    if (text.slice(p.start, p.end).includes('?')) entry.questions.add(p.turn);
  }
  if (asked.size < 2) return undefined;
  const introducing = hostsByIntroduction(paragraphs, text);
  if (introducing.length > 0 && introducing.length < asked.size) return { labels: introducing, by: 'introduction' };
  const entry = (key: string) => asked.get(key) as { turns: Set<number>; questions: Set<number>; chars: number };
  const share = (key: string) => entry(key).questions.size / entry(key).turns.size;
  const length = (key: string) => entry(key).chars / entry(key).turns.size;
  const regular = [...asked.keys()].filter((key) => (asked.get(key)?.turns.size ?? 0) >= 2).sort((a, b) => share(b) - share(a));
  const [top, next] = regular;
  // Questions asked in short turns: a participant's rhetorical "you know?" comes in long ones.
  if (top !== undefined && next !== undefined && share(top) >= 0.3 && share(top) >= 2 * share(next) && length(top) < length(next))
    return { labels: [top], by: 'questions' };
  const first = asked.keys().next().value as string;
  // Co-hosts ask questions as often as the opener does, and more than a student's "Heterozygous?"
  // twice in a lecture; an opener who asks none has none.
  const floor = Math.max(0.2, share(first));
  const cohosts = share(first) > 0 ? regular.filter((key) => key !== first && share(key) >= floor && entry(key).questions.size >= 2) : [];
  // A podcast's cold open: a clip of the guest comes first, then the host, who speaks about as often,
  // asks more often and in shorter turns. The opener is then the guest, and the ones who ask
  // interview. (A voice heard a few times — an audience question — does not unseat an opener.)
  const turns = (key: string) => entry(key).turns.size;
  const host = (key: string) => share(key) > share(first) && length(key) < length(first) && turns(key) >= turns(first) / 2;
  if (regular.includes(first) && cohosts.some(host)) return { labels: cohosts, by: 'questions' };
  return { labels: [first, ...cohosts], by: 'opening' };
}

/** What a host says when opening a show or an interview: `welcome to…`, `my guest`, `we're joined by`. */
const HOST_WORDS =
  /\b(?:welcome (?:back )?to\b|(?:my|our) guests?\b|(?:i'm|i am|we're|we are|i've been|we've been) joined\b|joining (?:me|us)\b|with me (?:today|now|here|this week)\b|i'm your host\b|you're listening to\b)/i;

/** What a guest says back: `thanks for having me`. */
const GUEST_WORDS = /\b(?:thanks?|thank you)(?: so much| very much)? for having (?:me|us)\b|\b(?:glad|happy|great|good) to be (?:here|on|with you)\b/i;

/** Turns at the start of a conversation in which hosts introduce it. */
const OPENING_TURNS = 8;

/**
 * The speakers who introduce the conversation in their first words near its start (a podcast
 * host's `welcome to the show… my guest today`), not answering an introduction (a guest's `thanks
 * for having me`): the plainest sign of who hosts, where a chatty guest may ask more questions.
 */
function hostsByIntroduction(paragraphs: Paragraph[], text: string): string[] {
  // Each speaker's first paragraph only: a cold open's clip mislabelled as the guest can run
  // straight into the host's welcome within one turn.
  const first = new Map<string, string>();
  for (const p of paragraphs) {
    if (p.speaker === null || p.turn === null) continue;
    if (p.turn >= OPENING_TURNS) break;
    const key = p.speaker.toLowerCase();
    if (!first.has(key)) first.set(key, text.slice(p.start, p.end));
  }
  return [...first].filter(([, said]) => HOST_WORDS.test(said) && !GUEST_WORDS.test(said)).map(([key]) => key);
}
