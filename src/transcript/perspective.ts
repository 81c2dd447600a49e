import type { AttributeTable } from './attributes.js';
import { isInterviewerRole } from './speakers/roles.js';
import type { RawSegment } from './segment.js';
import type { Attributes, Segment, Transcript } from './types.js';

export const UNSPECIFIED = 'unspecified';
export const INTERVIEWER_PERSPECTIVE = 'Interviewer';

export interface PerspectiveOptions {
  attributes: AttributeTable | undefined;
  /** Take the perspective from the transcript's parent folder when nothing more specific names one. */
  fromFolder: boolean;
}

function parentFolder(document: string): string | undefined {
  const parts = document.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

/**
 * Gives every segment its attributes, each taken from the most specific source that names it:
 * attribution line → speaker (front matter `speakers:`, then the attributes file) → document
 * front matter → attributes file row for the document → parent folder → `unspecified`.
 * Interviewer turns take the perspective `Interviewer` unless their speaker is given one.
 */
export function resolveSegments(transcript: Transcript, raw: RawSegment[], options: PerspectiveOptions): Segment[] {
  const { document } = transcript;
  const base: Attributes = {};
  const folder = options.fromFolder ? parentFolder(document) : undefined;
  if (folder !== undefined) base.perspective = folder;
  Object.assign(base, options.attributes?.forDocument(document), transcript.attributes);
  const bySpeaker = new Map<string, Attributes>();
  const speakerAttributes = (speaker: string): Attributes => {
    const key = speaker.toLowerCase();
    let attrs = bySpeaker.get(key);
    if (!attrs) {
      // A speaker is found by the label as written, or by the name a key gives it (`MD` is Michelle Drumm).
      const name = transcript.names[key];
      attrs = {
        ...(name === undefined ? {} : options.attributes?.forSpeaker(document, name)),
        ...options.attributes?.forSpeaker(document, speaker),
        ...(name === undefined ? {} : transcript.speakers[name.toLowerCase()]),
        ...transcript.speakers[key],
      };
      bySpeaker.set(key, attrs);
    }
    return attrs;
  };
  return raw.map((s, i) => {
    // The attributes file can say who interviews too, with a `role` column.
    const interviewer = s.speaker !== null && (transcript.roles[s.speaker.toLowerCase()] === 'interviewer' || isInterviewerRole(speakerAttributes(s.speaker).role));
    const attributes: Attributes = { ...base };
    if (interviewer) attributes.perspective = INTERVIEWER_PERSPECTIVE;
    if (s.speaker !== null) Object.assign(attributes, speakerAttributes(s.speaker));
    if (s.attribution !== null) attributes.perspective = s.attribution;
    attributes.perspective ??= UNSPECIFIED;
    return {
      id: `${document}#${i + 1}`,
      document,
      start: s.start,
      end: s.end,
      line: s.line,
      speaker: s.speaker,
      speakerName: s.speaker === null ? null : (transcript.names[s.speaker.toLowerCase()] ?? null),
      interviewer,
      attributes,
    };
  });
}
