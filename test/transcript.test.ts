import { describe, expect, test } from 'vitest';
import { parseAttributeTable } from '../src/transcript/attributes.js';
import { TranscriptError } from '../src/diagnostics.js';
import { readTranscript } from '../src/transcript/read.js';
import { storedPiece } from '../src/refi-qda/deflate.js';
import { segmentTranscript } from '../src/transcript/segment-transcript.js';
import type { Unit } from '../src/codebook/types.js';

const INTERVIEWER = ['Interviewer', 'Int', 'I', 'Q', 'Facilitator', 'Moderator'];

function read(text: string, name = 'doc.txt', document = 'site/doc.txt') {
  return readTranscript(document, name, new TextEncoder().encode(text), { interviewer: INTERVIEWER });
}

function segments(text: string, opts: { unit?: Unit; name?: string; attributes?: string; fromFolder?: boolean } = {}) {
  const t = read(text, opts.name);
  return segmentTranscript(t, opts.unit, {
    attributes: opts.attributes === undefined ? undefined : parseAttributeTable('attrs.csv', opts.attributes),
    fromFolder: opts.fromFolder ?? false,
  }).map((s) => ({
    text: t.text.slice(s.start, s.end),
    line: s.line,
    speaker: s.speaker,
    interviewer: s.interviewer,
    perspective: s.attributes.perspective,
  }));
}

describe('speaker labels', () => {
  test.each([
    ['Name:', 'Interviewer: Why?\nP01: Because.'],
    ['NAME:', 'INTERVIEWER: Why?\nSARAH: Because.'],
    ['[Name]', '[Interviewer] Why?\n[P01] Because.'],
    ['Name (00:01:23):', 'Interviewer (00:00:05): Why?\nAmina (00:01:23): Because.'],
    ['Name 00:01:23 then text on the next line', 'Interviewer 00:00:05\nWhy?\n\nAmina 00:01:23\nBecause.'],
  ])('%s opens a turn', (_, text) => {
    expect(segments(text).map((s) => [s.speaker, s.text, s.interviewer])).toEqual([
      [expect.stringMatching(/^interviewer$/i), 'Why?', true],
      [expect.any(String), 'Because.', false],
    ]);
  });

  test('a turn runs over several paragraphs until the next label', () => {
    const s = segments('Q: Tell me more.\n\nP01: First part.\n\nSecond part.\nStill second.\n\nQ: Thanks.');
    expect(s.map((x) => x.text)).toEqual(['Tell me more.', 'First part.\n\nSecond part.\nStill second.', 'Thanks.']);
    expect(s[1]?.line).toBe(3);
  });

  test('prose with a single "Word:" line is not a transcript', () => {
    const s = segments('Summary: partners met twice.\n\nThey agreed a plan.');
    expect(s.map((x) => [x.speaker, x.text])).toEqual([
      [null, 'Summary: partners met twice.'],
      [null, 'They agreed a plan.'],
    ]);
  });

  test('--unit paragraph splits turns; --unit sentence splits sentences, keeping the speaker', () => {
    const text = 'Interviewer: Why?\nP01: Dr. Patel called. We met. Then e.g. nothing!\n\nMore.';
    expect(segments(text, { unit: 'paragraph' }).map((s) => s.text)).toEqual(['Why?', 'Dr. Patel called. We met. Then e.g. nothing!', 'More.']);
    expect(segments(text, { unit: 'sentence' }).map((s) => [s.speaker, s.text])).toEqual([
      ['Interviewer', 'Why?'],
      ['P01', 'Dr. Patel called.'],
      ['P01', 'We met.'],
      ['P01', 'Then e.g. nothing!'],
      ['P01', 'More.'],
    ]);
  });

  test('Markdown headings are structure, never segments', () => {
    expect(segments('# Interview 2\n\nInterviewer: Hi.\n\n## Part two\n\nP01: Yes.', { name: 'doc.md' }).map((s) => s.text)).toEqual(['Hi.', 'Yes.']);
  });
});

describe('attribution lines', () => {
  test.each([
    ['- Care Home Perspective', 'Care Home'],
    ['— Relative perspective', 'Relative'],
    ['– Care at Home perspective.', 'Care at Home'],
    ['(Partner perspective)', 'Partner'],
  ])('%s gives the quote before it its perspective and is never a segment', (line, perspective) => {
    for (const gap of ['\n', '\n\n']) {
      const s = segments(`Intro prose.\n\n"We trust them."${gap}${line}\n\nMore prose.`);
      expect(s.map((x) => [x.text, x.perspective])).toEqual([
        ['Intro prose.', 'unspecified'],
        ['"We trust them."', perspective],
        ['More prose.', 'unspecified'],
      ]);
    }
  });
});

describe('front matter', () => {
  test('sets document attributes; offsets still point into the whole text', () => {
    const text = '---\nparticipant: P07\nperspective: Care Home\nsite: Ealing\n---\nP07: We trust them.\nInterviewer: Thanks.';
    const t = read(text);
    expect(t.attributes).toEqual({ participant: 'P07', perspective: 'Care Home', site: 'Ealing' });
    expect(segments(text)[0]).toMatchObject({ text: 'We trust them.', line: 6, perspective: 'Care Home' });
  });

  test('an unclosed front matter is an error with its line', () => {
    expect(() => read('---\nperspective: Care Home\nP01: hi')).toThrow('front matter opened with --- on line 1 is never closed with ---');
  });

  test('a field given twice (a blog template adding its own) costs a warning, not the transcript', () => {
    const t = read(
      '---\ntitle: Episode 12\npodcast: "The Weekly Squeak"\nsite: Leeds\npodcast: The Squeak\n---\nChris Ward: Welcome.\n\nTanmai: Thanks.\n\nChris Ward: So, GraphQL?\n\nTanmai: Yes.',
    );
    expect(t.attributes).toEqual({ title: 'Episode 12', podcast: 'The Squeak', site: 'Leeds' });
    expect(t.warnings).toContain("front matter gives 'podcast' 2 times (lines 3, 5); the last is used");
    expect(Object.keys(t.roles)).toEqual(['chris ward', 'tanmai']);
  });

  test('invalid YAML in front matter names the line', () => {
    try {
      read('---\nperspective: [Care Home\n---\nText.');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TranscriptError);
      expect((error as TranscriptError).message).toMatch(/^front matter is not valid YAML: /);
      expect((error as TranscriptError).line).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('perspective resolution, most specific first', () => {
  const body = 'Interviewer: Q?\n\nPriya: Answer.\n\n"A quote."\n- Relative perspective';
  const front = (fields: string) => `---\n${fields}---\n${body}`;
  const perspectiveOf = (text: string, opts: Parameters<typeof segments>[1] = {}) => segments(text, { unit: 'paragraph', ...opts }).map((s) => s.perspective);

  test('nothing names one: unspecified (interviewer turns are Interviewer)', () => {
    expect(perspectiveOf(body)).toEqual(['Interviewer', 'unspecified', 'Relative']);
  });
  test('parent folder, only when asked', () => {
    expect(perspectiveOf(body, { fromFolder: true })).toEqual(['Interviewer', 'site', 'Relative']);
  });
  test('attributes file row for the document beats the folder', () => {
    expect(perspectiveOf(body, { fromFolder: true, attributes: 'file,perspective\ndoc.txt,NHS\n' })).toEqual(['Interviewer', 'NHS', 'Relative']);
  });
  test('document front matter beats the attributes file row for the document', () => {
    expect(perspectiveOf(front('perspective: Care Home\n'), { attributes: 'file,perspective\ndoc.txt,NHS\n' })).toEqual([
      'Interviewer',
      'Care Home',
      'Relative',
    ]);
  });
  test('a speaker in the attributes file beats the document', () => {
    expect(perspectiveOf(front('perspective: Care Home\n'), { attributes: 'speaker,perspective\npriya,Local Authority\n' })).toEqual([
      'Interviewer',
      'Local Authority',
      'Relative',
    ]);
  });
  test('front-matter speakers beat the attributes file', () => {
    expect(
      perspectiveOf(front('perspective: Care Home\nspeakers:\n  Priya: Care at Home\n'), { attributes: 'speaker,perspective\npriya,Local Authority\n' }),
    ).toEqual(['Interviewer', 'Care at Home', 'Relative']);
  });
  test('an attribution line beats everything', () => {
    expect(perspectiveOf(front('perspective: Care Home\nspeakers:\n  Priya: Care at Home\n'))[2]).toBe('Relative');
  });
});

describe('attributes file', () => {
  test('joins on file, speaker, or both', () => {
    const table = parseAttributeTable('a.csv', 'file,speaker,perspective,role\ninterviews/p1.txt,,Care Home,\n,sam,,Nurse\np1,sam,NHS,\n');
    expect(table.columns).toEqual(['perspective', 'role']);
    expect(table.forDocument('data/interviews/p1.txt')).toEqual({ perspective: 'Care Home' });
    expect(table.forDocument('data/interviews/p2.txt')).toEqual({});
    expect(table.forSpeaker('data/interviews/p1.txt', 'Sam')).toEqual({ role: 'Nurse', perspective: 'NHS' });
    expect(table.forSpeaker('other.txt', 'SAM')).toEqual({ role: 'Nurse' });
  });

  test.each([
    [
      'no join column',
      'name,perspective\na,b\n',
      "attrs.csv:1:1 the attributes file needs a 'file' or a 'speaker' column to join on; found: name, perspective",
    ],
    ['a ragged row', 'file,perspective\na.txt,b,c\n', /^attrs\.csv:2 the attributes file is not valid CSV: /],
    ['an empty file', '', "attrs.csv the attributes file is empty; it needs a header row with a 'file' or 'speaker' column"],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseAttributeTable('attrs.csv', text)).toThrow(message);
  });
});

describe('captions', () => {
  const read = (name: string, text: string) => readTranscript(name, name, new TextEncoder().encode(text), { interviewer: INTERVIEWER });
  const turns = (name: string, text: string) => {
    const t = read(name, text);
    return segmentTranscript(t, undefined, { attributes: undefined, fromFolder: false }).map((s) => [s.speaker, t.text.slice(s.start, s.end)]);
  };

  test("WebVTT: voice tags and Zoom-style names, NOTE blocks and cue settings skipped, one speaker's cues merged", () => {
    const vtt = [
      'WEBVTT',
      '',
      'NOTE recorded on Zoom',
      '',
      '1',
      '00:00:01.000 --> 00:00:04.000',
      'Interviewer: How do you work with the nurses?',
      '',
      '2',
      '00:00:04.500 --> 00:00:08.000 align:start position:10%',
      'Amina Khan: We trust them now.',
      '',
      '00:00:08.000 --> 00:00:11.000',
      'Amina Khan: Communication is <i>much</i> better.',
      '',
      '00:00:12.000 --> 00:00:15.000',
      '<v Interviewer>And the council?</v>',
      '',
      '00:00:15.500 --> 00:00:19.000',
      '<v.loud Tom Jones>They never &amp; consulted us.</v>',
      '',
    ].join('\n');
    expect(turns('a.vtt', vtt)).toEqual([
      ['Interviewer', 'How do you work with the nurses?'],
      ['Amina Khan', 'We trust them now. Communication is much better.'],
      ['Interviewer', 'And the council?'],
      ['Tom Jones', 'They never & consulted us.'],
    ]);
  });

  test('SubRip: cues without speakers become paragraphs broken at pauses', () => {
    const srt =
      '1\n00:00:01,000 --> 00:00:03,000\nWe had no PPE.\n\n2\n00:00:03,500 --> 00:00:06,000\n<i>Funding</i> never arrived.\n\n3\n00:00:20,000 --> 00:00:22,000\nLater the volunteers came.\n';
    expect(turns('b.srt', srt)).toEqual([
      [null, 'We had no PPE. Funding never arrived.'],
      [null, 'Later the volunteers came.'],
    ]);
  });

  test.each([
    ['a.vtt', 'Hello there\n', 'not a WebVTT file: the first line must be WEBVTT'],
    ['a.vtt', 'WEBVTT\n\nno cues here\n', 'no caption cues found: a WebVTT file needs timing lines such as 00:00:01.000 --> 00:00:04.000'],
    ['b.srt', 'just some text\n', 'no caption cues found: a SubRip file needs timing lines such as 00:00:01.000 --> 00:00:04.000'],
  ])('%s without cues is refused: %s', (name, text, message) => {
    expect(() => read(name, text)).toThrow(message);
  });
});

describe('the bytes a transcript is read from', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const said = 'P01: we trust them.\n';

  test('stand for its text only while they are exactly its UTF-8, and are what the project stores', () => {
    const given = bytes(said);
    expect(readTranscript('a.txt', 'a.txt', given, { interviewer: INTERVIEWER }).verbatim).toBe(true);
    for (const [name, text] of [
      ['bom.txt', `\ufeff${said}`],
      ['crlf.txt', said.replace('\n', '\r\n')],
      ['cues.vtt', `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${said}`],
    ]) {
      expect(readTranscript(name, name, bytes(text), { interviewer: INTERVIEWER }).verbatim, name).toBeUndefined();
    }
    // Stored as they are, not encoded again (nor copied: a worker copies only what it cannot move).
    const piece = storedPiece(said, given);
    expect(piece.data).toBe(given);
    expect(storedPiece(said).data).toEqual(given);
  });
});
