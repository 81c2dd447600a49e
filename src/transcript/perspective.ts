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
  // Worked out once per speaker label as written: a long interview repeats a few labels thousands of times.
  const bySpeaker = new Map<string, { attributes: Attributes; interviewer: boolean; name: string | null; resolved: Map<string | null, Attributes> }>();
  const speakerOf = (speaker: string) => {
    let found = bySpeaker.get(speaker);
    if (!found) {
      const key = speaker.toLowerCase();
      // A speaker is found by the label as written, or by the name a key gives it (`MD` is Michelle Drumm).
      const name = transcript.names[key];
      const attributes: Attributes = {
        ...(name === undefined ? {} : options.attributes?.forSpeaker(document, name)),
        ...options.attributes?.forSpeaker(document, speaker),
        ...(name === undefined ? {} : transcript.speakers[name.toLowerCase()]),
        ...transcript.speakers[key],
      };
      // The attributes file can say who interviews too, with a `role` column.
      const interviewer = transcript.roles[key] === 'interviewer' || isInterviewerRole(attributes.role);
      found = { attributes, interviewer, name: name ?? null, resolved: new Map() };
      bySpeaker.set(speaker, found);
    }
    return found;
  };
  // One attributes object per speaker and attribution, shared (frozen) by their segments: a
  // long interview has thousands of segments and a handful of speakers.
  const noSpeaker = new Map<string | null, Attributes>();
  const attributesOf = (speaker: ReturnType<typeof speakerOf> | undefined, attribution: string | null): Attributes => {
    const byAttribution = speaker ? speaker.resolved : noSpeaker;
    let attributes = byAttribution.get(attribution);
    if (!attributes) {
      attributes = { ...base };
      if (speaker?.interviewer) attributes.perspective = INTERVIEWER_PERSPECTIVE;
      if (speaker) Object.assign(attributes, speaker.attributes);
      if (attribution !== null) attributes.perspective = attribution;
      attributes.perspective ??= UNSPECIFIED;
      byAttribution.set(attribution, Object.freeze(attributes));
    }
    return attributes;
  };
  return raw.map((s, i) => {
    const speaker = s.speaker === null ? undefined : speakerOf(s.speaker);
    const interviewer = speaker?.interviewer === true;
    const attributes = attributesOf(speaker, s.attribution);
    return {
      id: `${document}#${i + 1}`,
      document,
      start: s.start,
      end: s.end,
      gaps: s.gaps,
      line: s.line,
      speaker: s.speaker,
      speakerName: speaker?.name ?? null,
      interviewer,
      attributes,
    };
  });
}
