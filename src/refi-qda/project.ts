import { createHash } from 'node:crypto';
import { codeElements, escapeXml, stableGuid } from './export-qdc.js';
import type { Codebook } from '../codebook/types.js';
import type { CodedSegment } from '../coding/code-transcript.js';
import type { Transcript } from '../transcript/types.js';
import { compareCodePoints } from '../text/compare.js';
import { deflatePiece, DeflatedStream, PieceWriter, storedPiece, type DeflatedPiece } from './deflate.js';
import type { ByteSink, ScratchFile } from '../output/atomic.js';
import { ZipWriter } from './zip.js';
import { codePointCounter } from '../text/code-points.js';

/**
 * One transcript's share of a REFI-QDA project, made where the document is coded (on a worker
 * thread): its text file, its cases and its text source, each already deflated as a piece of
 * the archive, so the thread that writes the project only appends bytes.
 */
export interface QdpxDocument {
  document: string;
  guid: string;
  /**
   * `sources/GUID.txt`, stored rather than deflated: deflating costs time to save space the
   * corpus itself already takes (ARCHITECTURE.md). None when it went to the project before the
   * document was coded (`QdpxProject.addText`).
   */
  text: DeflatedPiece | undefined;
  /** The document's `<Case>` elements (one per speaker), a piece of `project.qde`. */
  cases: DeflatedPiece;
  /** The document's `<TextSource>` with its selections, a piece of `project.qde`. */
  source: DeflatedPiece;
  /** The perspective of each coded segment and its selection's GUID, alternating. */
  perspectives: string[];
}

/** What a project's cases are described by: `perspective`, then the other attribute columns. */
export function projectVariables(attributeColumns: string[]): string[] {
  return ['perspective', ...attributeColumns.filter((c) => c !== 'perspective')];
}

const USER = stableGuid('qcode', 'user');

const sourceGuid = (codebookName: string, document: string) => stableGuid(codebookName, 'source', document);

/**
 * GUIDs for a document's selections and codings: one hash per document, then the segment and
 * theme numbers (`segment` selects, `theme + 1` codes), which is unique within the project and
 * costs nothing per segment. Shaped as a version-5 UUID, the version and variant nibbles set as
 * RFC 4122 asks; a segment's part is worked out once and serves its selection and all its codings.
 */
function documentGuids(codebookName: string, document: string) {
  const base = createHash('sha1').update(`${codebookName}\u0000items\u0000${document}`).digest('hex');
  const head = `${base.slice(0, 8)}-${base.slice(8, 12)}-5${base.slice(13, 16)}-8`;
  return (segment: number) => {
    // The top digit is masked to 0 and replaced by the variant nibble.
    const hex = (segment & 0x0fffffff).toString(16).padStart(8, '0');
    return `${head}${hex.slice(1, 4)}-${hex.slice(4)}`;
  };
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

const variableGuids = new Map<string, string>();

/** A variable's GUID, worked out once per run rather than for every case that has a value. */
function variableGuid(codebookName: string, name: string): string {
  const key = `${codebookName}\u0000${name}`;
  let guid = variableGuids.get(key);
  if (guid === undefined) variableGuids.set(key, (guid = stableGuid(codebookName, 'variable', name)));
  return guid;
}

const codingTails = new WeakMap<Codebook, string[]>();

/**
 * The end of a `<Coding>` of each theme — everything after the segment's part of the coding's
 * GUID, its code's GUID included — worked out once per codebook rather than once per coding.
 */
function themeCodingTails(codebook: Codebook): string[] {
  let tails = codingTails.get(codebook);
  if (!tails) {
    tails = codebook.themes.map(
      (t, theme) => `${hex8(theme + 1)}" creatingUser="${USER}"><CodeRef targetGUID="${stableGuid(codebook.name, t.id)}"/></Coding>\n`,
    );
    codingTails.set(codebook, tails);
  }
  return tails;
}

/** Characters no file name may hold on some system, besides the path separators. */
// Control characters are as unsafe in a file name as separators are.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\:*?"<>|\u0000-\u001f]/g;

/**
 * A source's name in the project: a plain file name, since importing programs copy each source to
 * a file of that name (QualCoder to `documents/<name>.txt`), and a path there fails, or asks to
 * write outside the project. The path's folders stay in the name, joined by ` - `, so names are
 * as unique as the paths; `../` at the start becomes `(up N)`. The path itself is the description.
 */
export function sourceName(document: string): string {
  const parts = document.split('/').filter((p) => p !== '' && p !== '.');
  let up = 0;
  while (parts[0] === '..') {
    parts.shift();
    up++;
  }
  const name = parts.map((p) => (p === '..' ? '(up)' : p.replace(UNSAFE, '_'))).join(' - ');
  return up > 0 ? `(up ${up}) ${name}` : name;
}

/**
 * A transcript as a REFI-QDA text source with one selection per coded segment, coded with its
 * themes, and one case per speaker (or one for the document when it has no speakers) holding
 * the speaker's attributes as variable values and their coded segments.
 */
/** `utf8`: the text's UTF-8 when at hand (the file's bytes, `Transcript.verbatim`), to copy rather than encode. */
/** A document's text as the project stores it: the bytes read when they are exactly its UTF-8, else the text encoded. */
export function storedText(transcript: Transcript, utf8: Uint8Array | undefined): DeflatedPiece {
  return storedPiece(transcript.text, transcript.verbatim ? utf8 : undefined);
}

export function qdpxDocument(
  transcript: Transcript,
  text: DeflatedPiece | undefined,
  segments: CodedSegment[],
  codebook: Codebook,
  variables: string[],
): QdpxDocument {
  const { document } = transcript;
  const guid = sourceGuid(codebook.name, document);
  const segmentGuid = documentGuids(codebook.name, document);
  const points = codePointCounter(transcript.text);
  const tails = themeCodingTails(codebook);
  // Deflated as it is written: a large document has hundreds of thousands of selections.
  const description = `      <Description>${escapeXml(document)}</Description>\n`;
  const source = new PieceWriter();
  source.write(
    `    <TextSource guid="${guid}" name="${escapeXml(sourceName(document))}" plainTextPath="internal://${guid}.txt" creatingUser="${USER}">\n${description}`,
  );
  const perspectives: string[] = [];
  const cases = new Map<string, { attributes: Record<string, string>; selections: string[] }>();
  segments.forEach((s, i) => {
    if (!s.eligible) return;
    const speaker = s.segment.speaker ?? '';
    let owner = cases.get(speaker);
    if (!owner) cases.set(speaker, (owner = { attributes: s.segment.attributes, selections: [] }));
    if (s.themes.length === 0) return;
    const part = segmentGuid(i + 1);
    const selectionGuid = `${part}00000000`;
    let selection = `      <PlainTextSelection guid="${selectionGuid}" name="${escapeXml(s.segment.id)}" startPosition="${points(s.segment.start)}" endPosition="${points(s.segment.end)}" creatingUser="${USER}">\n`;
    for (const hit of s.themes) selection += `        <Coding guid="${part}${tails[hit.theme]}`;
    source.write(`${selection}      </PlainTextSelection>\n`);
    owner.selections.push(selectionGuid);
    perspectives.push(s.segment.attributes.perspective ?? 'unspecified', selectionGuid);
  });
  const caseXml = new PieceWriter();
  for (const [speaker, { attributes, selections: refs }] of cases) {
    const name = speaker === '' ? sourceName(document) : `${speaker} (${sourceName(document)})`;
    caseXml.write(`    <Case guid="${stableGuid(codebook.name, 'case', document, speaker)}" name="${escapeXml(name)}">\n`);
    for (const v of variables) {
      const value = attributes[v] ?? '';
      if (value !== '')
        caseXml.write(
          `      <VariableValue><VariableRef targetGUID="${variableGuid(codebook.name, v)}"/><TextValue>${escapeXml(value)}</TextValue></VariableValue>\n`,
        );
    }
    caseXml.write(`      <SourceRef targetGUID="${guid}"/>\n`);
    for (const r of refs) caseXml.write(`      <SelectionRef targetGUID="${r}"/>\n`);
    caseXml.write('    </Case>\n');
  }
  source.write('    </TextSource>\n');
  return {
    document,
    guid,
    text,
    cases: caseXml.finish(),
    source: source.finish(),
    perspectives,
  };
}

/** A piece's place in an archive or stream: offset, compressed length, CRC-32 and length. */
export type PieceAt = [number, number, number, number];

/**
 * One document's line in a shard's `project-index.jsonl`: its name and GUID, where its text,
 * cases and source pieces lie in the shard's `project.qdpx` (cases and sources relative to the
 * start of those parts, `ProjectLayout`), and its perspective/selection pairs. With it `qcode
 * merge` copies each document's compressed bytes into the merged project without reading XML.
 */
export interface ProjectIndexLine {
  n: string;
  g: string;
  t: PieceAt;
  c: PieceAt;
  s: PieceAt;
  p: string[];
}

/** Where a finished project's parts start: recorded in a shard's `shard.json`. */
export interface ProjectLayout {
  head: string;
  cases: number;
  sources: number;
}

/** The buffers a worker moves (not copies) to the writing thread. */
export function qdpxTransfers(doc: QdpxDocument): ArrayBuffer[] {
  return [...(doc.text ? [doc.text.data.buffer] : []), doc.cases.data.buffer, doc.source.data.buffer] as ArrayBuffer[];
}

/** A project's part kept in a scratch file until the end: deflated pieces and their running CRC. */
class ScratchStream extends DeflatedStream {
  constructor(readonly file: ScratchFile) {
    super();
  }

  write(piece: DeflatedPiece): void {
    this.add(piece);
    this.file.write(piece.data);
  }
}

/** The start of `project.qde`: the codebook as codes, then the variables cases are described by. */
/**
 * `creationDateTime` from `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
 * convention), or none: a clock would make two runs over the same transcripts differ.
 */
export function creationDateTime(env: Record<string, string | undefined>): string | undefined {
  const seconds = Number(env.SOURCE_DATE_EPOCH);
  if (env.SOURCE_DATE_EPOCH === undefined || !Number.isInteger(seconds) || seconds < 0) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

export function projectHead(name: string, codebook: Codebook, variables: string[], created?: string): string {
  const declared =
    variables.length === 0
      ? ''
      : `  <Variables>\n${variables.map((v) => `    <Variable guid="${variableGuid(codebook.name, v)}" name="${escapeXml(v)}" typeOfVariable="Text"/>\n`).join('')}  </Variables>\n`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    `<Project xmlns="urn:QDA-XML:project:1.0" name="${escapeXml(name)}" origin="qcode" creatingUserGUID="${USER}"${created ? ` creationDateTime="${created}"` : ''}>\n`,
    `  <Users>\n    <User guid="${USER}" name="qcode"/>\n  </Users>\n`,
    `  <CodeBook>\n    <Codes>\n${codeElements(codebook, '      ').join('\n')}\n    </Codes>\n  </CodeBook>\n`,
    declared,
  ].join('');
}

/** Flush a perspective's selection refs to its scratch file once this many characters wait. */
const REF_BUFFER = 1 << 16;

/**
 * A REFI-QDA project (`.qdpx`) written while documents are coded: each text file goes into the
 * archive as its document arrives, and the parts of `project.qde` collect, already deflated, in
 * scratch files. `finish` puts them together in the order the schema asks — codes, variables,
 * cases, sources — as one entry, so memory stays flat however many documents there are.
 */
export class QdpxProject {
  private readonly zip: ZipWriter;
  private readonly cases: ScratchStream;
  private readonly sources: ScratchStream;
  private readonly refs = new Map<string, { file: ScratchFile; pending: string }>();

  /**
   * @param outputs where the project's scratch files go (beside the target)
   * @param codebookName what the perspective cases' GUIDs derive from
   * @param index where a shard run notes each document's pieces (see `ProjectIndexLine`)
   */
  constructor(
    target: ByteSink,
    private readonly outputs: { scratch(name: string, options?: { held?: boolean }): ScratchFile },
    private readonly codebookName: string,
    private readonly index?: ByteSink,
  ) {
    this.zip = new ZipWriter(target, outputs.scratch('qdpx-central'));
    this.cases = new ScratchStream(outputs.scratch('qdpx-cases'));
    this.sources = new ScratchStream(outputs.scratch('qdpx-sources'));
  }

  /** Where the text added before its document was coded lies: its place and size, not its bytes. */
  private earlyText: { document: string; at: PieceAt } | undefined;

  /**
   * A document's text (`storedText`), before the document is coded: a very large transcript's
   * bytes then need not be held while it is coded. Its `add` follows, with no text.
   */
  addText(document: string, text: DeflatedPiece): void {
    const at = this.zip.addPiece(`sources/${sourceGuid(this.codebookName, document)}.txt`, text, 0);
    this.earlyText = { document, at: [at, text.data.length, text.crc, text.size] };
  }

  add(doc: QdpxDocument): void {
    let textAt: PieceAt;
    if (doc.text) textAt = [this.zip.addPiece(`sources/${doc.guid}.txt`, doc.text, 0), doc.text.data.length, doc.text.crc, doc.text.size];
    else if (this.earlyText?.document === doc.document) textAt = this.earlyText.at;
    else throw new Error(`the project was given no text for ${doc.document}`);
    this.earlyText = undefined;
    const casesAt = this.cases.compressedSize;
    const sourceAt = this.sources.compressedSize;
    this.cases.write(doc.cases);
    this.sources.write(doc.source);
    if (this.index) {
      const where = (at: number, piece: DeflatedPiece): PieceAt => [at, piece.data.length, piece.crc, piece.size];
      const line: ProjectIndexLine = {
        n: doc.document,
        g: doc.guid,
        t: textAt,
        c: where(casesAt, doc.cases),
        s: where(sourceAt, doc.source),
        p: doc.perspectives,
      };
      this.index.write(Buffer.from(`${JSON.stringify(line)}\n`));
    }
    for (let i = 0; i < doc.perspectives.length; i += 2) {
      const perspective = doc.perspectives[i] as string;
      let refs = this.refs.get(perspective);
      // Not held open: a corpus may have hundreds of perspectives, and each has its own file.
      if (!refs) this.refs.set(perspective, (refs = { file: this.outputs.scratch(`qdpx-refs-${this.refs.size}`, { held: false }), pending: '' }));
      refs.pending += `      <SelectionRef targetGUID="${doc.perspectives[i + 1]}"/>\n`;
      if (refs.pending.length >= REF_BUFFER) this.flushRefs(refs);
    }
  }

  private flushRefs(refs: { file: ScratchFile; pending: string }): void {
    refs.file.write(Buffer.from(refs.pending));
    refs.pending = '';
  }

  /**
   * Writes `project.qde` and closes the archive; `projectHead` gives the start of `project.qde`.
   * Returns where the documents' cases and sources start in the archive, for a shard's index.
   */
  finish(projectHead: string): ProjectLayout {
    const hasCases = this.refs.size > 0 || this.cases.size > 0;
    const hasSources = this.sources.size > 0;
    const head = deflatePiece(`${projectHead}${hasCases ? '  <Cases>\n' : ''}`);

    // The perspective cases, which hold selections from every document, are deflated now.
    const perspectives = new ScratchStream(this.outputs.scratch('qdpx-perspectives'));
    for (const perspective of [...this.refs.keys()].sort(compareCodePoints)) {
      const refs = this.refs.get(perspective) as { file: ScratchFile; pending: string };
      this.flushRefs(refs);
      perspectives.write(
        deflatePiece(
          `    <Case guid="${stableGuid(this.codebookName, 'case', perspective)}" name="${escapeXml(perspective)}">\n      <Description>Segments from the ${escapeXml(perspective)} perspective</Description>\n`,
        ),
      );
      refs.file.copyTo({ write: (chunk) => perspectives.write(deflatePiece(chunk)) });
      perspectives.write(deflatePiece('    </Case>\n'));
    }
    const middle = deflatePiece(`${hasCases ? '  </Cases>\n' : ''}${hasSources ? '  <Sources>\n' : ''}`);
    const tail = deflatePiece(`${hasSources ? '  </Sources>\n' : ''}</Project>\n`, true);

    const qde = new DeflatedStream();
    for (const part of [head, perspectives, this.cases, middle, this.sources, tail]) {
      if (part instanceof DeflatedStream) qde.addStream(part);
      else qde.add(part);
    }
    const qdeAt = this.zip.add({
      name: 'project.qde',
      method: 8,
      crc: qde.crc,
      size: qde.size,
      compressedSize: qde.compressedSize,
      writeData: (sink) => {
        sink.write(head.data);
        perspectives.file.copyTo(sink);
        this.cases.file.copyTo(sink);
        sink.write(middle.data);
        this.sources.file.copyTo(sink);
        sink.write(tail.data);
      },
    });
    this.zip.finish();
    const cases = qdeAt + head.data.length + perspectives.compressedSize;
    return { head: projectHead, cases, sources: cases + this.cases.compressedSize + middle.data.length };
  }
}
