import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_INTERVIEWER_LABELS } from '../src/codebook/types.js';
import { parseAttributeTable } from '../src/transcript/attributes.js';
import { readTranscript } from '../src/transcript/read.js';
import { segmentTranscript } from '../src/transcript/segment-transcript.js';
import { talkText } from '../src/transcript/segment.js';
import { ROOT, spawnQcode, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'fixtures/speakers');

interface Expected {
  speakers: Record<string, [string, number]>;
  header?: Record<string, string>;
  names?: Record<string, string>;
}

interface Description {
  document: string;
  speakers: { speaker: string; speakerName: string; role: string; turns: number; words: number }[];
  header: Record<string, string>;
  doubts: string[];
}

function read(text: string, name = 'doc.txt', speakerPattern?: string) {
  return readTranscript(name, name, new TextEncoder().encode(text), { interviewer: DEFAULT_INTERVIEWER_LABELS, speakerPattern });
}

/** Each segment's speaker and text, as `qcode code` cuts the file by default. */
function turns(text: string, name = 'doc.txt', speakerPattern?: string): [string | null, string, boolean][] {
  const t = read(text, name, speakerPattern);
  return segmentTranscript(t, undefined, { attributes: undefined, fromFolder: false }).map((s) => [s.speaker, t.text.slice(s.start, s.end), s.interviewer]);
}

describe('every labelling habit in fixtures/speakers is read right (qcode speakers --format json)', () => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>;
  const run = spawnQcode(['speakers', 'fixtures/speakers', '--format', 'json']);
  const found = new Map((JSON.parse(run.stdout) as Description[]).map((d) => [d.document.replace('fixtures/speakers/', ''), d]));

  test('every fixture has its expectation', () => {
    expect(run.code).toBe(0);
    const files = readdirSync(FIXTURES).filter((f) => f !== 'expected.json' && f !== 'zoom-talk.vtt');
    expect(Object.keys(expected).sort()).toEqual(files.sort());
  });

  test('the segments qcode cuts from them match fixtures/e2e/speakers/segments.csv byte for byte', () => {
    // A codebook of its own, so the themes column does not move when the built-in codebook is tuned.
    const segments = spawnQcode(['code', 'fixtures/speakers', '-c', 'fixtures/codebooks/small.yaml', '--table', 'segments', '--format', 'csv', '-q']).stdout;
    const path = join(ROOT, 'fixtures/e2e/speakers/segments.csv');
    if (process.env.UPDATE_EXPECTED) writeFileSync(path, segments);
    expect(segments).toBe(readFileSync(path, 'utf8'));
  });

  test.each(Object.entries(expected))('%s', (file, want) => {
    const d = found.get(file);
    expect(d, `${file} was not read`).toBeDefined();
    const speakers = Object.fromEntries((d as Description).speakers.filter((s) => s.role !== 'unlabelled').map((s) => [s.speaker, [s.role, s.turns]]));
    expect(speakers).toEqual(want.speakers);
    if (want.header) expect(d?.header).toEqual(want.header);
    if (want.names) expect(Object.fromEntries((d as Description).speakers.map((s) => [s.speaker, s.speakerName]))).toEqual(want.names);
  });
});

describe('what is coded is the talk, not the labels around it', () => {
  test("Zoom's saved captions: the time after the name is no talk, nor is the name written again inside a turn", () => {
    const zoom =
      '[Ruth Okafor] 10:02:11\nHow is it going?\n\n[Trust Lead] 10:02:19\nFine, we talk.\n\n[Trust Lead] 10:02:25\nThe GP joins.\n\n[Ruth Okafor] 10:02:31\nGood.';
    expect(turns(zoom)).toEqual([
      ['Ruth Okafor', 'How is it going?', true],
      ['Trust Lead', 'Fine, we talk.\n\n[Trust Lead] 10:02:25\nThe GP joins.', false],
      ['Ruth Okafor', 'Good.', true],
    ]);
    // The turn is one unit, but its label written again is neither coded nor counted: 'Trust' would be a hit.
    const dir = tempDir();
    writeFileSync(join(dir, 'zoom.txt'), zoom);
    const rows = spawnQcode(['code', 'zoom.txt', '-c', join(ROOT, 'fixtures/codebooks/small.yaml'), '--table', 'segments', '--format', 'csv', '-q'], {
      cwd: dir,
    }).stdout;
    expect(rows.split('\n')[2]).toBe('zoom.txt,zoom.txt#2,5,63,114,Trust Lead,,participant,unspecified,6,0');
    // What `codebook fit` and `suggest` read of the segment: the label blanked, the offsets kept.
    const t = read(zoom);
    const segment = segmentTranscript(t, undefined, { attributes: undefined, fromFolder: false })[1]!;
    expect(talkText(t.text, segment)).toBe('Fine, we talk.\n\n' + ' '.repeat('[Trust Lead] 10:02:25'.length) + '\nThe GP joins.');
  });

  test('captions saved without names: each timed line is talk without its time, and a reply is no speaker', () => {
    const text = '14:05:02 So thank you both.\n14:05:06 Yeah.\n14:05:08 Yeah.\n14:05:11 How often do you hear from the council?\n14:05:19 Not often.';
    expect(turns(text)).toEqual([
      [null, 'So thank you both.', false],
      [null, 'Yeah.', false],
      [null, 'Yeah.', false],
      [null, 'How often do you hear from the council?', false],
      [null, 'Not often.', false],
    ]);
    // One line opening with a time is talk like any other.
    expect(turns('Interviewer: When?\n\nJack: 10:30 is when we met.\n\nInterviewer: Ok.\n\nJack: Bye.')[1]).toEqual(['Jack', '10:30 is when we met.', false]);
  });

  test('a diarised label in bold with its time inside: **[00:00] SPEAKER_00:**', () => {
    expect(turns('**[00:00] SPEAKER_00:** Thanks for coming in.\n\n**[00:07] SPEAKER_01:** Happy to.\n\n**[00:12] SPEAKER_00:** Why?')).toEqual([
      ['SPEAKER_00', 'Thanks for coming in.', true],
      ['SPEAKER_01', 'Happy to.', false],
      ['SPEAKER_00', 'Why?', true],
    ]);
  });

  test('captions saved as .txt or pasted into Word are read as captions', () => {
    const vtt =
      'WEBVTT\n\n00:00:00.000 --> 00:00:04.200\n<v Priya Shah>How do you work with the council?\n\n00:00:04.500 --> 00:00:06.100\n<v Tom Reid>Through brokerage.\n';
    for (const name of ['talk.txt', 'talk.md'])
      expect(turns(vtt, name).map(([s, t]) => [s, t])).toEqual([
        ['Priya Shah', 'How do you work with the council?'],
        ['Tom Reid', 'Through brokerage.'],
      ]);
    const srt = '1\n00:00:01,000 --> 00:00:03,000\nWe trust the nurses.\n\n2\n00:00:03,500 --> 00:00:05,000\nThey know us.\n';
    expect(turns(srt, 'talk.txt').map(([, t]) => t)).toEqual(['We trust the nurses. They know us.']);
  });

  test("in captions, a name is capitalised (What's it FUD: is talk), may carry its role, and may sit below a stray comma", () => {
    const vtt =
      'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nLeo Dion (host): How did it start?\n\n00:00:03.500 --> 00:00:05.000\nTim Mitra (guest): With fear.\n\n' +
      "00:00:05.500 --> 00:00:07.000\nWhat's it FUD: fear, uncertainty.\n\n00:00:07.500 --> 00:00:09.000\n,\nLeo Dion (host): {\\c&HFFF000&}And then?\n";
    const t = read(vtt, 'talk.vtt');
    expect(turns(vtt, 'talk.vtt').map(([s, x, i]) => [s, x, i])).toEqual([
      ['Leo Dion (host)', 'How did it start?', true],
      ['Tim Mitra (guest)', "With fear. What's it FUD: fear, uncertainty.", false],
      ['Leo Dion (host)', 'And then?', true],
    ]);
    expect(t.roleBy).toEqual({ 'leo dion (host)': 'label' });
    // A name not capitalised throughout is one where it opens several cues; a team after a bar is part of a name.
    const zoom =
      'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAnand sharma: Hello.\n\n2\n00:00:02.500 --> 00:00:03.000\nDoris Hernandez | Functor: Hi.\n\n' +
      '3\n00:00:03.500 --> 00:00:04.000\nAnand sharma: Shall we start?\n\n4\n00:00:04.500 --> 00:00:05.000\nNandani butola: You too.\n';
    expect(turns(zoom, 'zoom.vtt').map(([s]) => s)).toEqual(['Anand sharma', 'Doris Hernandez | Functor', 'Anand sharma', 'Nandani butola']);
  });

  test('a time alone on its line (a tape position) is not talk', () => {
    expect(
      turns('[0:00:00]\n\nInterviewer:\tWhy did they make it?\n\n[0:03:49]\n\nRespondent:\tFor safety.\n\nInterviewer:\tOk.\n\n01:00:00\n\nRespondent:\tBye.'),
    ).toEqual([
      ['Interviewer', 'Why did they make it?', true],
      ['Respondent', 'For safety.', false],
      ['Interviewer', 'Ok.', true],
      ['Respondent', 'Bye.', false],
    ]);
  });

  test('in captions too, a name with its role once and alone later is one speaker', () => {
    const vtt =
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nLeo Dion (host): How is the home?\n\n00:00:03.000 --> 00:00:04.000\nJo Khan: Busy.\n\n' +
      '00:00:05.000 --> 00:00:06.000\nLeo Dion: And staff?\n\n00:00:07.000 --> 00:00:08.000\nJo Khan: Short.\n';
    expect(read(vtt, 'talk.vtt').roles).toEqual({ 'leo dion (host)': 'interviewer', 'jo khan': 'participant' });
  });

  test('a name with its role once, then alone, is one speaker, and the role makes the interviewer', () => {
    const t = read('Leo Dion (host): How is the home?\n\nJo Khan (care home manager): Busy.\n\nLeo Dion: And staff?\n\nJo Khan: We need nurses.');
    expect(t.roles).toEqual({ 'leo dion': 'interviewer', 'jo khan': 'participant' });
    expect(turns('Leo Dion (host): How is the home?\n\nJo Khan (care home manager): Busy.\n\nLeo Dion: And staff?')[1]).toEqual(['Jo Khan', 'Busy.', false]);
  });

  test('a name alone on its line opens a turn only where the names are the kind that speak', () => {
    // A reply alone on its line below a label is talk, not a name.
    expect(
      turns('Speaker 1\nHow is the home?\n\nSpeaker 2\nYeah\nIt is fine.\n\nSpeaker 1\nAnd the food?\n\nSpeaker 2\nOkay\nGood.').map(([s, x]) => [s, x]),
    ).toEqual([
      ['Speaker 1', 'How is the home?'],
      ['Speaker 2', 'Yeah\nIt is fine.'],
      ['Speaker 1', 'And the food?'],
      ['Speaker 2', 'Okay\nGood.'],
    ]);
    const body =
      'Researcher\nHow long have you worked here?\n\nUnknown Speaker\nEleven years.\n\nResearcher\nAnd the nurses?\n\nUnknown Speaker\nWe trust them.';
    expect(turns(body).map(([s]) => s)).toEqual(['Researcher', 'Unknown Speaker', 'Researcher', 'Unknown Speaker']);
    // Section titles over prose are not speakers, nor is a word of talk alone on its line, nor a column of labels.
    const sections = 'Background\nThe home opened in 2010.\n\nFindings\nStaff trust the nurses.\n\nBackground\nMore history.\n\nFindings\nMore results.';
    expect(turns(sections).every(([s]) => s === null)).toBe(true);
    const column = 'Interviewer\n\nInterviewee\n\nInterviewer\n\nInterviewee\n\nHow is it?\n\nFine.';
    expect(turns(column).every(([s]) => s === null)).toBe(true);
  });

  test('a rule between parts (---) is not talk', () => {
    expect(turns('Interviewer: Why?\n\n---\n\nJack: Because.\n\n* * *\n\nInterviewer: Ok.\n\nJack: Bye.').map(([s, t]) => [s, t])).toEqual([
      ['Interviewer', 'Why?'],
      ['Jack', 'Because.'],
      ['Interviewer', 'Ok.'],
      ['Jack', 'Bye.'],
    ]);
  });

  test('bold labels are not part of the excerpt', () => {
    expect(turns('**Rob:** How did it start?\n\n**Michael**: Badly.\n\n**Rob:** And now?\n\n**Michael**: We trust them.')).toEqual([
      ['Rob', 'How did it start?', true],
      ['Michael', 'Badly.', false],
      ['Rob', 'And now?', true],
      ['Michael', 'We trust them.', false],
    ]);
  });

  test('a label with only a time is a speaker when talk follows below it, a marker when a label does', () => {
    const below = 'Speaker 1: [00:00:02]\n\nHow did the partnership start?\n\nSpeaker 2: [00:00:09]\n\nWith a phone call.\n\nSpeaker 1: [00:00:15]\n\nAnd now?';
    expect(turns(below).map(([speaker, text]) => [speaker, text])).toEqual([
      ['Speaker 1', 'How did the partnership start?'],
      ['Speaker 2', 'With a phone call.'],
      ['Speaker 1', 'And now?'],
    ]);
    // Talk below that opens like initials (`I look…`) is still talk: a clip played once stays a speaker.
    const clip =
      'Hamilton (00:00:00):\nBuffett said it.\n\nAudio (00:00:02):\nI look for castles with moats.\n\nHamilton (00:00:04):\nPower needs a barrier.\n\nLenny (00:00:15):\nSo what is power?\n\nHamilton (00:00:20):\nA moat.\n\nLenny (00:00:25):\nThanks.';
    expect(turns(clip).map(([speaker]) => speaker)).toEqual(['Hamilton', 'Audio', 'Hamilton', 'Lenny', 'Hamilton', 'Lenny']);
    const marker = '**Rob:** How did it start?\n\n**Michael:** Badly.\n\n**Break**: \\[12:03\\]\n\n**Rob:** And now?\n\n**Michael:** Better.';
    expect(turns(marker).map(([speaker, text]) => [speaker, text])).toEqual([
      ['Rob', 'How did it start?'],
      ['Michael', 'Badly.'],
      ['Rob', 'And now?'],
      ['Michael', 'Better.'],
    ]);
  });

  test('caption cue timings pasted into a text file are not talk, and a contraction run onto a new line is not a label', () => {
    expect(turns('00:00.000 --> 00:27.640\nHello and welcome.\n\n00:27.640 --> 00:31.000 align:start\nThanks for having me.').map(([, text]) => text)).toEqual([
      'Hello and welcome.',
      'Thanks for having me.',
    ]);
    // Talk after a timing on its line is talk.
    expect(turns('00:00:01.000 --> 00:00:04.000 so we kept talking about the council.').map(([, text]) => text)).toEqual([
      '00:00:01.000 --> 00:00:04.000 so we kept talking about the council.',
    ]);
    const t = read(
      "Interviewer: So how is it?\n\nParticipant: Fine, we trust them.\n\nInterviewer: And the council?\n\nParticipant: Less so, and\nI'm: sorry, the line broke there.",
    );
    expect(Object.keys(t.roles)).toEqual(['interviewer', 'participant']);
  });

  test("Otter's Unknown Speaker may be anyone: each of its labels opens a turn, and it is never taken as the interviewer", () => {
    const otter =
      'Unknown Speaker  0:00\nWelcome to the show, and thank you for joining us today, Jocelyn.\n\nUnknown Speaker  0:12\nThanks for having me. My name is Jocelyn.\n\n' +
      'Ali  0:30\nSo, how did you start?\n\nUnknown Speaker  0:35\nIn a care home, as a carer.\n\nAli  0:50\nAnd then?\n\nUnknown Speaker  0:55\nThen I trained as a nurse.';
    expect(turns(otter).map(([speaker]) => speaker)).toEqual(['Unknown Speaker', 'Unknown Speaker', 'Ali', 'Unknown Speaker', 'Ali', 'Unknown Speaker']);
    expect(read(otter).roles['unknown speaker']).toBe('participant');
    // Where the placeholder opens, no one named is taken for the host: not the first to answer.
    const opened = read(
      'Unknown Speaker  0:00\nWhat year are you in?\n\nSpeaker 1  0:05\nFirst year, business school. Why do you ask, is it for the study?\n\nSpeaker 2  0:12\nYes.\n\n' +
        'Unknown Speaker  0:14\nAnd what do you use now?\n\nSpeaker 1  0:16\nMostly spreadsheets and a lot of email with the team, which is slow.\n\nSpeaker 2  0:30\nRight.',
    );
    expect(opened.roles).toEqual({ 'unknown speaker': 'participant', 'speaker 1': 'participant', 'speaker 2': 'participant' });
  });

  test("a heading per turn may carry the speaker's role in brackets; section headings, however often they recur, stay sections", () => {
    const interview = read(
      '## Interviewer\n\nHow did it start?\n\n## Jane Doe (care home manager)\n\nWith a phone call.\n\n## Interviewer\n\nAnd now?\n\n## Jane Doe (care home manager)\n\nWe meet weekly.\n\n## Notes\n\nRecorded live.',
      'interview.md',
    );
    expect(Object.keys(interview.roles).sort()).toEqual(['interviewer', 'jane doe (care home manager)']);
    const changelog = read(
      '## 1.2.0\n\n### Added\n\n- Export to QDPX.\n\n### Fixed\n\n- A crash.\n\n## 1.1.0\n\n### Added\n\n- Reports.\n\n### Fixed\n\n- Offsets.',
      'CHANGELOG.md',
    );
    expect(changelog.roles).toEqual({});
    const minutes = read(
      'DE: Should we ship it?\n\nAB: Not yet.\n\n### Summary\n\nNo consensus.\n\n### Conclusion\n\nRevisit.\n\nDE: Next item, then.\n\nAB: Fine.\n\n### Summary\n\nAgreed.\n\n### Conclusion\n\nShip it.',
      'notes.md',
    );
    expect(Object.keys(minutes.roles).sort()).toEqual(['ab', 'de']);
    const reported = read(
      '**Danny Ryan** said the tests pass.\n\n**Vitalik Buterin** asked about fees.\n\n**Danny Ryan** said that was next week.\n\n**Vitalik Buterin** agreed.',
      'call.md',
    );
    expect(reported.roles).toEqual({});
  });

  test('a numbered voice (Speaker 1, Speaker B) is a label even when each speaks once', () => {
    const once = read(
      'Speaker 1: Good evening, and welcome. Let me start with a question about the council.\n\nSpeaker 2: Thank you. The council listens more than it did.',
    );
    expect(once.roles).toEqual({ 'speaker 1': 'interviewer', 'speaker 2': 'participant' });
  });

  test("a dash may join a team to a name in a label, as Zoom's saved captions write it", () => {
    const saved = read(
      '[Saar Moshiashvili] 13:32:23\nHow did you like it?\n\n[ATL - WonderFrog] 13:32:28\nThat is a proof of concept.\n\n[Saar Moshiashvili] 13:32:43\nAlright!\n\n[ATL - WonderFrog] 13:32:47\nSee the difference?',
    );
    expect(Object.keys(saved.roles).sort()).toEqual(['atl - wonderfrog', 'saar moshiashvili']);
  });

  test('a bold phrase alone on its line is a heading over what follows, however often it recurs', () => {
    const notes = read(
      '**Athlete Type**\n- runner\n\n**Core Need**\n- recovery plans\n\n**Athlete Type**\n- swimmer\n\n**Core Need**\n- how do I pace a season?',
      'notes.md',
    );
    expect(notes.roles).toEqual({});
  });

  test('a label whose talk follows a caption timing line speaks (a meeting pasted from an .srt)', () => {
    const pasted =
      '**Fyodor:**  \n00:00:00,039 --> 00:00:02,099  \nIs the product complete?\n\n**Alexey:**  \n00:00:02,500 --> 00:00:04,000  \nI do not know.\n\n' +
      '**Fyodor:**  \n00:00:05,000 --> 00:00:06,000  \nWhich parts are done?\n\n**Alexey:**  \n00:00:06,500 --> 00:00:09,000  \nThe allocation part.';
    expect(turns(pasted).map(([speaker, text]) => [speaker, text.trim()])).toEqual([
      ['Fyodor', 'Is the product complete?'],
      ['Alexey', 'I do not know.'],
      ['Fyodor', 'Which parts are done?'],
      ['Alexey', 'The allocation part.'],
    ]);
  });

  test("a key's note may be long (an affiliation), but a sentence running on from a name is talk", () => {
    const keyed = read(
      'JC - Jane Cole, Chief Executive of the Health and Social Care Alliance Scotland\nMD - Michelle Drumm (Iriss)\n\nMD Welcome to the podcast.\n\nJC Thank you for having me.\n\nMD What does the Alliance do?\n\nJC We bring people together.',
      'doc.md',
    );
    expect(keyed.names).toEqual({ jc: 'Jane Cole', md: 'Michelle Drumm' });
    const talk = read(
      'I – Hello, and thanks for meeting us.\n\nC – Currently, we keep our notes on paper.\n\nI – Does the council see them?\n\nC – Only when they ask.',
    );
    expect(talk.names).toEqual({});
  });

  test("f4's end-of-paragraph timestamps and margin line numbers are not talk", () => {
    expect(turns('I: Wie geht es? #00:00:05-2#\n\nB: Gut, danke. #00:00:11-7#\n\nI: Und sonst? #00:00:20-0#\n\nB: Auch gut. #00:00:31-3#')[1]).toEqual([
      'B',
      'Gut, danke.',
      false,
    ]);
    const numbered =
      '   1  INTERVIEWER: How is the\n   2  council?\n   3  RESPONDENT: Supportive, but\n   4  slow.\n   5  INTERVIEWER: Thanks.\n   6  RESPONDENT: Bye.\n';
    expect(turns(numbered)[1]).toEqual(['RESPONDENT', 'Supportive, but\nslow.', false]);
    // Years that start lines are not a margin: they do not run on by one from line to line.
    const years = 'Interviewer: What changed?\n\nJack: A lot.\n2019 was hard.\n2021 was worse.\n2020 brought the pandemic.\n2023 is better.\n2022 was a start.';
    expect(turns(years)[1]?.[1]).toBe('A lot.\n2019 was hard.\n2021 was worse.\n2020 brought the pandemic.\n2023 is better.\n2022 was a start.');
  });

  test('a header block is attributes, and the first question is the first segment', () => {
    const t = read('Name: Jack\nAge: 54\n\nInterviewer: Why?\n\nJack: Because.\n\nInterviewer: Thanks.\n\nJack: Bye.');
    expect(t.attributes).toEqual({ name: 'Jack', age: '54' });
    expect(turns('Name: Jack\nAge: 54\n\nInterviewer: Why?\n\nJack: Because.\n\nInterviewer: Thanks.\n\nJack: Bye.')[0]).toEqual(['Interviewer', 'Why?', true]);
  });

  test('the front matter has the last word over a header field', () => {
    expect(read('---\nage: 55\n---\nName: Jack\nAge: 54\n\nInterviewer: Why?\n\nJack: Because.\n\nInterviewer: Ok.').attributes).toEqual({
      name: 'Jack',
      age: '55',
    });
  });

  test('a label used once in another shape stays text, and is reported', () => {
    const text = 'MD - Mary Doe\nJC - Jo Cole\n\nMD Hello.\n\nJC Hi.\n\nPlan P: New approaches were agreed.\n\nMD And then?\n\nJC It worked.';
    expect(turns(text).map(([s, t]) => [s, t])).toEqual([
      ['MD', 'Hello.'],
      ['JC', 'Hi.\n\nPlan P: New approaches were agreed.'],
      ['MD', 'And then?'],
      ['JC', 'It worked.'],
    ]);
    // The doubt that changes most what is coded comes first.
    expect(read(text).reading.doubts).toEqual([
      "no label names the interviewer; took 'MD', who asks the questions: say who with 'hosts:' in the front matter or --interviewer",
      "label 'Plan P' used once (line 8), read as talk of the turn it is in",
    ]);
  });

  test('a quiet member of a focus group, labelled like the others, still speaks', () => {
    const text = 'Moderator: Who works with the council?\n\nAnn: I do.\n\nBob: Me too.\n\nAnn: Often.\n\nBob: Sometimes.\n\nCal: Never.';
    expect(turns(text).map(([s]) => s)).toEqual(['Moderator', 'Ann', 'Bob', 'Ann', 'Bob', 'Cal']);
  });

  test('Word soft line breaks separate speakers', () => {
    const dir = tempDir();
    const run = spawnQcode(['speakers', join(FIXTURES, 'word-interview.docx'), '--format', 'csv'], { cwd: dir });
    expect(run.stdout.split('\n').filter((l) => l.includes(',Jack,'))[0]).toContain(',participant,,3,');
  });

  test('a long run of one speaker in captions is cut at its pauses', () => {
    const t = readTranscript('talk.vtt', join(FIXTURES, 'zoom-talk.vtt'), readFileSync(join(FIXTURES, 'zoom-talk.vtt')), {
      interviewer: DEFAULT_INTERVIEWER_LABELS,
    });
    const segments = segmentTranscript(t, undefined, { attributes: undefined, fromFolder: false });
    const words = segments.map((s) => t.text.slice(s.start, s.end).split(/\s+/).length);
    expect(segments.length).toBeGreaterThan(5);
    expect(Math.max(...words)).toBeLessThanOrEqual(300);
    expect(new Set(segments.map((s) => s.speaker))).toEqual(new Set(['Dr Ruth Okafor']));
  });

  test('a caption cue without a name continues the speaker before it', () => {
    const vtt =
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn: We trust them.\n\n00:00:02.100 --> 00:00:03.000\nMostly.\n\n00:00:03.100 --> 00:00:04.000\nBob: Why?\n';
    expect(turns(vtt, 'call.vtt').map(([s, t]) => [s, t])).toEqual([
      ['Ann', 'We trust them. Mostly.'],
      ['Bob', 'Why?'],
    ]);
  });
});

describe('habits seen in real podcast and meeting transcripts', () => {
  test.each([
    [
      'a timestamp, then a bold name and the talk',
      '0:00:12.9 **Jen Luker** Do you trust them?\n\n0:00:15.2 **Adam Harris** We do.\n\n0:00:18.0 **Jen Luker** Why?\n\n0:00:20.1 **Adam Harris** They listen.',
    ],
    [
      'a bold name with its time inside the bold',
      '**Jen: (00:00:02)** Do you trust them?\n\n**Adam: (00:00:05)** We do.\n\n**Jen: (00:00:09)** Why?\n\n**Adam: (00:00:12)** They listen.',
    ],
    [
      'a bold label with a kramdown attribute list',
      '**Jen:**{: .speaker} Do you trust them?\n\n**Adam:**{: .speaker} We do.\n\n**Jen:**{: .speaker} Why?\n\n**Adam:**{: .speaker} They listen.',
    ],
  ])('%s', (_, text) => {
    expect(turns(text, 'doc.md').map(([, t]) => t)).toEqual(['Do you trust them?', 'We do.', 'Why?', 'They listen.']);
  });

  test('several people named together in bold speak as one label', () => {
    const text =
      '0:00:01.0 **Ann Lee** Do you trust them?\n\n0:00:03.0 **Bob Roe** We do.\n\n0:00:05.0 **Safia Abdalla & Jason Staten & Adam Garrett-Harris** Bye!\n\n0:00:07.0 **Ann Lee** Thanks.\n\n0:00:09.0 **Bob Roe** Bye.';
    expect(turns(text, 'doc.txt').map(([s]) => s)).toEqual(['Ann Lee', 'Bob Roe', 'Safia Abdalla & Jason Staten & Adam Garrett-Harris', 'Ann Lee', 'Bob Roe']);
  });

  test('links, chapter marks and repeated fields are not speakers', () => {
    const text = [
      'Presenter: Leo Balter (LEO)',
      '[Slides](https://example.org/slides)',
      'LEO: We propose a change.',
      'KG: Do we trust the tests?',
      '03: 10:33',
      'LEO: Yes.',
      'Presenter: Kevin Gibbons (KG)',
      'KG: Next item.',
      '',
      '[ie2]: https://example.org/episode-2',
    ].join('\n');
    expect(turns(text).map(([s, t]) => [s, t.split('\n')[0]])).toEqual([
      [null, '[Slides](https://example.org/slides)'],
      ['LEO', 'We propose a change.'],
      ['KG', 'Do we trust the tests?'],
      ['LEO', 'Yes.'],
      ['KG', 'Next item.'],
    ]);
  });
});

describe('look-alikes that are not speakers', () => {
  test.each([
    [
      'times in prose',
      'Interviewer: What does a day look like?\nJack: Busy.\nBy 9:00 the staff are in.\nAround 10:30 the GP calls.\nInterviewer: And then?\nJack: Lunch.',
    ],
    [
      'one-word replies after a timestamp',
      '[00:00:01] Interviewer: Did the GP come?\n[00:00:05] Jack: Every Tuesday.\n[00:00:09] Interviewer: Always?\n[00:00:11] Yes\n[00:00:14] Jack: Mostly.\n[00:00:20] Interviewer: Good.\n[00:00:22] Right',
    ],
    [
      'a glossary and the acronyms it explains',
      'Abbreviations\nGP - General Practitioner\nCQC - Care Quality Commission\n\nInterviewer: Inspections?\nJack: Fine.\nCQC came in March.\nGP cover was good.\nInterviewer: Thanks.\nJack: Pleasure.',
    ],
    [
      'acronyms that start lines',
      'Interviewer: Partners?\nJack: A few.\nICB leads came once.\nICB meetings were pointless.\nICB funding was cut.\nLA staff were helpful.\nLA commissioners listened.\nLA budgets shrank.\nInterviewer: Thanks.\nJack: Pleasure.',
    ],
    [
      'notes about the recording in brackets',
      'Interviewer: How was it?\nJack: Fine.\n[Music Playing] and then we started.\nInterviewer: And?\nJack: [Name Redacted] told me to call.\n[Music Playing] again.',
    ],
  ])('%s', (_, text) => {
    // Only the interview's two speakers, and unlabelled text before the first of them.
    expect(new Set(turns(text).flatMap(([s]) => (s === null ? [] : [s])))).toEqual(new Set(['Interviewer', 'Jack']));
  });

  test('people greeting before the questions are speakers, not a header', () => {
    expect(
      turns('Sarah: Welcome everyone.\nTom Price: Hello.\nInterviewer: The home?\nJack: 40 beds.\nInterviewer: GP?\nJack: Weekly.').map(([s]) => s),
    ).toEqual(['Sarah', 'Tom Price', 'Interviewer', 'Jack', 'Interviewer', 'Jack']);
    const t = read('Date: 12 May 2023\nInterviewer: Good Morning Jack\nJack: Morning.\nInterviewer: The home?\nJack: 40 beds.');
    expect(t.attributes).toEqual({ date: '12 May 2023' });
    expect(turns('Date: 12 May 2023\nInterviewer: Good Morning Jack\nJack: Morning.\nInterviewer: The home?\nJack: 40 beds.')[0]).toEqual([
      'Interviewer',
      'Good Morning Jack',
      true,
    ]);
  });

  test('a bold label with no space after it', () => {
    expect(turns('**Rob:**What first?\n\n**Michael:**Trust.\n\n**Rob:**Then?\n\n**Michael:**Time.', 'doc.md').map(([s, t]) => [s, t])).toEqual([
      ['Rob', 'What first?'],
      ['Michael', 'Trust.'],
      ['Rob', 'Then?'],
      ['Michael', 'Time.'],
    ]);
  });

  test('names in scripts without capitals are labels too', () => {
    expect(turns('Interviewer: Kenkō?\n田中: はい。\nInterviewer: Dōshite?\n田中: 信頼しています。').map(([s]) => s)).toEqual([
      'Interviewer',
      '田中',
      'Interviewer',
      '田中',
    ]);
  });

  test('a header after a title line still gives excerpts.csv its columns, and the title is no segment', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.txt'),
      'Interview 7\n\nName: Jack Thomson\nAge: 54\n\nInterviewer: How is the home?\n\nJack: Busy, we trust the nurses.\n\nInterviewer: Thanks.\n\nJack: Bye.\n',
    );
    const run = spawnQcode(['code', 'a.txt', '--table', 'excerpts', '--format', 'csv'], { cwd: dir });
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'document,segment_id,line,start,end,speaker,speaker_name,perspective,age,name,theme_id,theme_label,matched_terms,hits,negated_hits,text',
      'a.txt,a.txt#2,8,78,104,Jack,,unspecified,54,Jack Thomson,trust,Trust,trust,1,0,"Busy, we trust the nurses."',
    ]);
  });

  test('a title line is not talk; a first line of talk is', () => {
    const body = '\n\nInterviewer: How do you work with the nurses?\n\nP4: We trust them.\n\nInterviewer: Thanks.\n\nP4: Bye.';
    for (const title of [
      'Partnership Study Interview — Participant P4',
      'Interview 1 - Male, 24, Newham',
      'Transcript of interview with a care home manager',
    ]) {
      expect(turns(title + body)[0]).toEqual(['Interviewer', 'How do you work with the nurses?', true]);
      expect(read(title + body).attributes).toEqual({});
    }
    for (const talk of ['we had a meeting with the council about it', 'So I think trust is the main thing.'])
      expect(turns(talk + body)[0]).toEqual([null, talk, false]);
  });

  test('fields written with a dash before the first turn are the header; a sentence with a dash is talk', () => {
    const body = '\n\nInterviewer: Why?\n\nJack: Because.\n\nInterviewer: Thanks.\n\nJack: Bye.';
    expect(read('Date – 31st May 2019   Time – 11.50 am\nFirst post year –   2011       Company name – PIL' + body).attributes).toEqual({
      date: '31st May 2019',
      time: '11.50 am',
      first_post_year: '2011',
      company_name: 'PIL',
    });
    const sentence = 'Well - the council were late - again';
    expect(read(sentence + body).attributes).toEqual({});
    expect(turns(sentence + body)[0]).toEqual([null, sentence, false]);
  });
});

describe('roles', () => {
  test('numbered interviewers, hosts named in the front matter or through a key', () => {
    expect(turns('Interviewer 2: Why?\n\nAnn: Because.\n\nInterviewer1: Really?\n\nAnn: Yes.').map(([s, , i]) => [s, i])).toEqual([
      ['Interviewer 2', true],
      ['Ann', false],
      ['Interviewer1', true],
      ['Ann', false],
    ]);
    expect(
      turns('---\nhosts: [Michelle Drumm]\n---\nMD - Michelle Drumm\nJC - Jane Cole\n\nMD Hi.\n\nJC Hello.\n\nMD Bye.\n\nJC Bye.').map(([s, , i]) => [s, i]),
    ).toEqual([
      ['MD', true],
      ['JC', false],
      ['MD', true],
      ['JC', false],
    ]);
  });

  test('an attributes file row can say a speaker interviews', () => {
    const t = read('Q: Do you trust them?\n\nAnn: Yes.\n\nBob: Why is that?\n\nAnn: They listen.\n\nBob: Thanks.');
    const roles = (attributes?: string) =>
      segmentTranscript(t, undefined, { attributes: attributes === undefined ? undefined : parseAttributeTable('people.csv', attributes), fromFolder: false })
        .filter((s) => s.speaker === 'Bob')
        .map((s) => s.interviewer);
    expect(roles()).toEqual([false, false]);
    expect(roles('speaker,role\nBob,Researcher\n')).toEqual([true, true]);
  });

  test('where no label says, the one who asks the questions interviews', () => {
    const t = read(
      'Speaker 2 (00:00:01): Is it recording? Good, we can start.\n\nSpeaker 1 (00:00:03): How are you?\n\nSpeaker 2 (00:00:05): Fine, busy with the new rota at the home.\n\n' +
        'Speaker 1 (00:00:09): And work?\n\nSpeaker 2 (00:00:11): Busy, the council changed the contract again this spring.',
    );
    expect(t.roles).toEqual({ 'speaker 2': 'participant', 'speaker 1': 'interviewer' });
    expect(t.reading.doubts).toEqual([
      "no label names the interviewer; took 'Speaker 1', who asks the questions: say who with 'hosts:' in the front matter or --interviewer",
    ]);
  });

  test("a participant's rhetorical questions in long answers do not make them the interviewer", () => {
    const t = read(
      'Anna: Tell me about the home.\n\nBen: Well, you know? It is a big place with forty residents and a garden, and we know the families well, right?\n\n' +
        'Anna: Go on.\n\nBen: The council funds most places, and who else would, honestly? They cut the rate again this year.',
    );
    expect(t.roles).toEqual({ anna: 'interviewer', ben: 'participant' });
  });

  test('where no one asks more questions than the rest, whoever opens is taken as the interviewer, with a warning', () => {
    const t = read(
      'Emma  0:00\nToday we talk about care.\n\nWendy  0:10\nGood, I am ready.\n\nEmma  0:12\nSo tell us about your work.\n\nWendy  0:20\nI run a day centre.',
    );
    expect(t.roles).toEqual({ emma: 'interviewer', wendy: 'participant' });
    expect(t.reading.doubts).toEqual([
      "no label names the interviewer; took 'Emma', who opens the conversation: say who with 'hosts:' in the front matter or --interviewer",
    ]);
  });

  test("a podcast's cold open: the guest's clip comes first, and the host, who asks more often in shorter turns, interviews", () => {
    const t = read(
      "Ada Chen (00:00:00): It is a trap to stay in a job you hate, isn't it? You look in the mirror one day and you are not happy going in.\n\n" +
        'Lenny (00:00:20): Today I talk with Ada. What made you leave?\n\n' +
        'Ada Chen (00:00:30): The work no longer matched my values, and who wants that? It took me a whole year to decide to go.\n\n' +
        'Lenny (00:00:45): How did you decide?\n\n' +
        'Ada Chen (00:00:50): Slowly, with a coach and many long walks around the city, talking it through with friends.\n\n' +
        'Lenny (00:01:10): And then what happened?',
    );
    expect(t.roles).toEqual({ 'ada chen': 'participant', lenny: 'interviewer' });
    expect(t.reading.doubts).toEqual([
      "no label names the interviewer; took 'Lenny', who asks the questions: say who with 'hosts:' in the front matter or --interviewer",
    ]);
  });

  test('two hosts after a cold open are named together, and the doubt speaks of them in the plural', () => {
    const t = read(
      'Ada: It is a trap to stay in a job you hate. You look in the mirror one day and you are not happy going in.\n\nBen: What made you leave?\n\n' +
        'Ada: The work no longer matched my values. It took me a whole year to decide to go.\n\nCal: How did you decide?\n\n' +
        'Ada: Slowly, with a coach and many long walks around the city, talking it through with friends.\n\nBen: And then?\n\n' +
        'Ada: Then I left, and who would not? I started the agency with two friends from the home.\n\nCal: Any regrets?',
    );
    expect(t.roles).toEqual({ ada: 'participant', ben: 'interviewer', cal: 'interviewer' });
    expect(t.reading.doubts).toEqual([
      "no label names the interviewer; took 'Ben', 'Cal', who ask the questions: say who with 'hosts:' in the front matter or --interviewer",
    ]);
  });

  test('in a lecture, a student who asks once is no co-host', () => {
    const t = read(
      '[Olivia Shaw] 18:10:02\nToday we look at inheritance. Who remembers the term for two different alleles? Think about it.\n\n' +
        '[Antonia Diaz] 18:10:30\nHeter\n\n[Olivia Shaw] 18:10:33\nNearly. Go on, what is the word? Anyone?\n\n' +
        '[Antonia Diaz] 18:10:41\nHeterozygous?\n\n[Olivia Shaw] 18:10:44\nYes. And two of the same? What would we call those?\n\n[Ben Ames] 18:10:52\nHomozygous.',
    );
    expect(t.roles).toEqual({ 'olivia shaw': 'interviewer', 'antonia diaz': 'participant', 'ben ames': 'participant' });
  });

  test('whoever introduces the conversation hosts it, though the guest asks more of the questions', () => {
    const t = read(
      'Chris: Welcome to the Care Talk podcast. With me today is Karthik, and we will talk about trust between councils and providers, which I know from both sides after ten years of commissioning.\n\n' +
        'Karthik: Thanks for having me. Where do you want to start?\n\n' +
        'Chris: With the pandemic, when we rang round every provider and asked for staff lists before we explained anything at all, which did not help.\n\n' +
        'Karthik: Did anyone explain later?\n\n' +
        'Chris: Eventually, once we held weekly calls and shared the testing data with the providers who had given it to us.',
    );
    expect(t.roles).toEqual({ chris: 'interviewer', karthik: 'participant' });
    expect(t.reading.doubts).toEqual([
      "no label names the interviewer; took 'Chris', who introduces the conversation: say who with 'hosts:' in the front matter or --interviewer",
    ]);
  });

  test('front matter speakers: as a list names who speaks, even once, and no one else', () => {
    const text = '---\nspeakers: [Ann, Bob]\n---\nBob: Do you trust them?\n\nAnn: We do.\n\nBob: Why?\n\nPlan B: was agreed in May.';
    expect(turns(text, 'doc.md').map(([s, t]) => [s, t])).toEqual([
      ['Bob', 'Do you trust them?'],
      ['Ann', 'We do.'],
      ['Bob', 'Why?\n\nPlan B: was agreed in May.'],
    ]);
  });
});

describe('qcode speakers and the warnings of qcode code', () => {
  test('--speaker-pattern reads labels no habit covers', () => {
    const text = '>> ANN: We trust them.\n>> BOB: Why?\n>> ANN: They listen.\n';
    expect(turns(text, 'doc.txt', '>> ([A-Z]+): ').map(([s, t]) => [s, t])).toEqual([
      ['ANN', 'We trust them.'],
      ['BOB', 'Why?'],
      ['ANN', 'They listen.'],
    ]);
  });

  test('a --speaker-pattern without a group is a usage error, before anything is read', () => {
    expect(spawnQcode(['speakers', 'fixtures/speakers', '--speaker-pattern', '[A-Z]+:'])).toMatchObject({
      code: 2,
      stderr: "qcode: --speaker-pattern '[A-Z]+:' needs a capture group around the label, e.g. ^([A-Z]{2}) \n",
    });
  });

  test('qcode code warns once for a document whose speakers look misread, and still codes it', () => {
    const dir = tempDir();
    const lines = [
      '---',
      'hosts: Mary Doe',
      '---',
      'MD - Mary Doe',
      'JC - Jo Cole',
      '',
      'MD Do you trust the council?',
      '',
      'JC Yes.',
      '',
      'Jean: I would add that families trust them too.',
      '',
      'MD Thanks.',
      '',
      'JC Bye.',
    ];
    writeFileSync(join(dir, 'panel.txt'), lines.join('\n'));
    const run = spawnQcode(['code', 'panel.txt', '--table', 'summary', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "qcode: warning: panel.txt: speakers may be misread: label 'Jean' used once (line 11), read as talk of the turn it is in; see qcode speakers\n",
    );
  });

  test('no labels, but lines that start with initials: the reader says so', () => {
    const text = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'PQ and then we spoke to them again.' : 'XY so what happened next?')).join('\n\n');
    // Only two distinct "initials", each on half the lines: read as speakers.
    expect(read(text).hasSpeakers).toBe(true);
    const lonely = Array.from({ length: 12 }, (_, i) => `${['AB', 'CD', 'EF', 'GH', 'IJ', 'KL'][i % 6]} met the team.`).join('\n\n');
    expect(read(lonely).reading.doubts.join('\n')).toMatch(/^no speaker labels found, but 12 lines start with two or three capitals: are they initials\?/);
  });
});

describe('the segments table', () => {
  test('lists every segment, coded or not, with its role and words', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'panel.md'), 'MD - Mary Doe\nJC - Jo Cole\n\nMD Do you trust the council?\n\nJC We trust the nurses.\n\nMD Thanks.\n\nJC Bye.\n');
    const run = spawnQcode(['code', 'panel.md', '--table', 'segments', '--format', 'csv'], { cwd: dir });
    expect(run.stdout).toBe(
      [
        'document,segment_id,line,start,end,speaker,speaker_name,role,perspective,words,themes',
        'panel.md,panel.md#1,4,31,56,MD,Mary Doe,interviewer,Interviewer,5,0',
        'panel.md,panel.md#2,6,61,81,JC,Jo Cole,participant,unspecified,4,1',
        'panel.md,panel.md#3,8,86,93,MD,Mary Doe,interviewer,Interviewer,1,0',
        'panel.md,panel.md#4,10,98,102,JC,Jo Cole,participant,unspecified,1,0',
        '',
      ].join('\n'),
    );
  });
});

describe('--by speaker', () => {
  test('groups the frequency table by who speaks, without an attributes file', () => {
    const run = spawnQcode([
      'code',
      'fixtures/speakers/maxqda-focus-group.txt',
      '-c',
      'fixtures/codebooks/small.yaml',
      '--by',
      'speaker',
      '--table',
      'frequencies',
      '--format',
      'csv',
    ]);
    expect(run.code).toBe(0);
    const groups = new Set(
      run.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[2]),
    );
    // The moderator's turns are not coded, so only the participants are groups.
    expect(groups).toEqual(new Set(['Lena', 'Zack', '(all)']));
  });
});

describe('doubts over a corpus', () => {
  test('the first ten documents with doubts are named, the rest counted, summary.json keeps all', () => {
    const dir = tempDir();
    for (let i = 1; i <= 14; i++) {
      writeFileSync(
        join(dir, `${String(i).padStart(2, '0')}.txt`),
        'Speaker 1 (00:00:01): How is it?\n\nSpeaker 2 (00:00:03): Fine, the council helps us a lot these days.\n\nSpeaker 1 (00:00:05): And the GP?\n\nSpeaker 2 (00:00:07): Weekly visits now.\n',
      );
    }
    const run = spawnQcode(['code', '.', '--table', 'summary'], { cwd: dir });
    const lines = run.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('speakers may be misread: no label names the interviewer'))).toHaveLength(10);
    expect(lines).toContain('qcode: warning: speakers may be misread in 4 more transcripts (all in summary.json); qcode speakers shows them');
    expect((JSON.parse(run.stdout) as { warnings: string[] }).warnings).toHaveLength(14);
  });
});
