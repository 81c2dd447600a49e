import type { Unit } from '../codebook/types.js';
import { resolveSegments, type PerspectiveOptions } from './perspective.js';
import { segmentParagraphs } from './segment.js';
import type { Segment, Transcript } from './types.js';

/**
 * Cuts a transcript into coding units with their attributes. Without a `unit`, speaker-labelled
 * transcripts are cut into turns and others into paragraphs.
 */
export function segmentTranscript(transcript: Transcript, unit: Unit | undefined, options: PerspectiveOptions): Segment[] {
  const chosen = unit ?? (transcript.hasSpeakers ? 'turn' : 'paragraph');
  return resolveSegments(transcript, segmentParagraphs(transcript.text, transcript.paragraphs, chosen), options);
}
