import type { Coding } from '../analysis/agreement.js';
import { isContentWord } from '../analysis/keyness.js';
import { compileCodebook, type CompiledCodebook } from '../codebook/compile.js';
import type { Codebook, Unit } from '../codebook/types.js';
import { readCodedTranscripts, segmentSettings } from '../coding/read-segments.js';
import type { Skipped } from '../transcript/discover.js';
import { tokenize } from '../text/tokenize.js';
import { talkText } from '../transcript/segment.js';

/** How often one rule hit a segment, and where it first did (offsets into the segment's text). */
export interface RuleHits {
  rule: string;
  count: number;
  span: [number, number];
}

/** A run of one to three words that could become a rule: how often, and its first form and place. */
export interface GramSeen {
  count: number;
  surface: string;
  span: [number, number];
}

/** One hand-coded segment, with what the codebook's rules and the candidate phrases find in it. */
export interface SampleSegment {
  id: string;
  document: string;
  text: string;
  /** Themes the hand coding gives it (only the codebook's themes). */
  coded: Set<string>;
  /** Per theme (index into the codebook's themes): every rule that hit, before thresholds and weights. */
  hits: Map<number, RuleHits[]>;
  /** Candidate phrases by their stems joined with spaces (`listen`, `pull togeth`). */
  grams: Map<string, GramSeen>;
}

export interface Sample {
  segments: SampleSegment[];
  /** The documents the sample covers, in the order read. */
  documents: string[];
  /** Documents read that the coding does not name. */
  others: string[];
  /** Segments of those documents the coding does not list: taken as coded with no theme. */
  unlisted: number;
  /** Segment ids of the coding that no transcript has (a different unit, or a renamed file). */
  missing: string[];
  /** Themes the coding uses that the codebook does not have: left out. */
  unknownThemes: string[];
  /** The codebook with every theme's threshold 1 and no weights: what `hits` were found with. */
  neutral: CompiledCodebook;
}

/** Every run of one to three words within a clause, that starts and ends with a content word. */
function gramsOf(text: string, stem: (word: string) => string): Map<string, GramSeen> {
  const grams = new Map<string, GramSeen>();
  const tokens = tokenize(text);
  const stems = tokens.map((t) => stem(t.word));
  for (let i = 0; i < tokens.length; i++) {
    if (!isContentWord(tokens[i]!.word)) continue;
    for (let n = 1; n <= 3 && i + n <= tokens.length; n++) {
      const last = tokens[i + n - 1]!;
      if (n > 1 && last.breakBefore) break;
      if (!isContentWord(last.word)) continue;
      const key = stems.slice(i, i + n).join(' ');
      const seen = grams.get(key);
      if (seen) seen.count++;
      else
        grams.set(key, {
          count: 1,
          surface: tokens
            .slice(i, i + n)
            .map((t) => t.word)
            .join(' '),
          span: [tokens[i]!.start, last.end],
        });
    }
  }
  return grams;
}

/**
 * The coding's name for a transcript: the same path, or the end of it (`home-a.txt` or
 * `care/home-a.txt` for `data/care/home-a.txt`), since a coding made elsewhere names files as
 * seen from another folder.
 */
function nameInCoding(document: string, named: Set<string>): string | undefined {
  if (named.has(document)) return document;
  const parts = document.split('/');
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    if (named.has(tail)) return tail;
  }
  return undefined;
}

/** The codebook as it would code with every rule counting 1 and any hit enough. */
function neutralCodebook(codebook: Codebook): Codebook {
  return { ...codebook, themes: codebook.themes.map((t) => ({ ...t, threshold: 1, weights: {} })) };
}

/**
 * The segments of a hand-coded sample, cut as `qcode code` cuts them, with each rule's hits.
 * Every eligible segment of a document the coding names is in the sample: one it does not list
 * was coded with no theme. Documents the coding never names are not part of the sample.
 */
export async function readSample(
  coding: Coding,
  inputs: string[],
  cwd: string,
  codebook: Codebook,
  unit: Unit | undefined,
  skip: (skipped: Skipped) => void,
): Promise<Sample> {
  const neutral = compileCodebook(neutralCodebook(codebook));
  const themeIds = new Set(codebook.themes.map((t) => t.id));
  const unknownThemes = [...new Set([...coding.values()].flatMap((set) => [...set]))].filter((t) => !themeIds.has(t)).sort();
  const named = new Set([...coding.keys()].map((id) => id.slice(0, id.lastIndexOf('#'))));
  const segments: SampleSegment[] = [];
  const documents: string[] = [];
  const found = new Set<string>();
  const others: string[] = [];
  let unlisted = 0;
  for await (const { transcript, coded: codedTranscript } of readCodedTranscripts(inputs, cwd, neutral, segmentSettings(codebook, { unit }), skip)) {
    const document = nameInCoding(transcript.document, named);
    if (document === undefined) {
      others.push(transcript.document);
      continue;
    }
    documents.push(document);
    for (const s of codedTranscript.segments) {
      const id = document + s.segment.id.slice(transcript.document.length);
      const listed = coding.get(id);
      // An interviewer's turn is not coded, so a coding of one cannot be fitted: it counts as left out.
      if (!s.eligible) continue;
      if (listed) found.add(id);
      if (!listed) unlisted++;
      const { start } = s.segment;
      const hits = new Map<number, RuleHits[]>();
      for (const theme of s.themes) {
        const byRule: RuleHits[] = [];
        theme.rules.forEach((rule, i) => {
          const seen = byRule.find((r) => r.rule === rule);
          const [from, to] = theme.spans[i] as [number, number];
          if (seen) seen.count++;
          else byRule.push({ rule, count: 1, span: [from - start, to - start] });
        });
        hits.set(theme.theme, byRule);
      }
      const text = talkText(transcript.text, s.segment);
      const coded = new Set([...(listed ?? [])].filter((t) => themeIds.has(t)));
      segments.push({ id, document, text, coded, hits, grams: gramsOf(text, neutral.stem) });
    }
  }
  const missing = [...coding.keys()].filter((id) => !found.has(id));
  return { segments, documents, others, unlisted, missing, unknownThemes, neutral };
}
