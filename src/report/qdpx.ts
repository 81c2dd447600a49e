import { createRequire } from 'node:module';
import { codeElements, escapeXml, stableGuid } from '../codebook/export-qdc.js';
import type { Codebook, Theme } from '../codebook/types.js';
import type { CodedSegment } from '../coding/code-transcript.js';

/** One transcript as a REFI-QDA text source: its XML element and its text file. */
export interface QdpxSource {
  guid: string;
  xml: string;
  text: string;
  /** Selection GUIDs by perspective, for the project's cases. */
  perspectives: [string, string][];
}

const USER = stableGuid('qcode', 'user');

/** Unicode code points before each UTF-16 offset: REFI-QDA counts positions in code points. */
function codePointCounter(text: string): (offset: number) => number {
  let offset = 0;
  let points = 0;
  return (target) => {
    // Offsets are asked for in increasing order within a source, so one forward pass suffices.
    if (target < offset) {
      offset = 0;
      points = 0;
    }
    while (offset < target) {
      const code = text.charCodeAt(offset);
      offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length ? 2 : 1;
      points++;
    }
    return points;
  };
}

/** A transcript as a text source with one selection per coded segment, coded with its themes. */
export function qdpxSource(document: string, text: string, segments: CodedSegment[], codebook: Codebook): QdpxSource {
  const guid = stableGuid(codebook.name, 'source', document);
  const points = codePointCounter(text);
  const selections: string[] = [];
  const perspectives: [string, string][] = [];
  for (const s of segments) {
    if (s.themes.length === 0) continue;
    const selection = stableGuid(codebook.name, 'selection', s.segment.id);
    const start = points(s.segment.start);
    const end = points(s.segment.end);
    const codings = s.themes
      .map((hit) => {
        const theme = codebook.themes[hit.theme] as Theme;
        return `        <Coding guid="${stableGuid(codebook.name, 'coding', s.segment.id, theme.id)}" creatingUser="${USER}"><CodeRef targetGUID="${stableGuid(codebook.name, theme.id)}"/></Coding>`;
      })
      .join('\n');
    selections.push(
      `      <PlainTextSelection guid="${selection}" name="${escapeXml(s.segment.id)}" startPosition="${start}" endPosition="${end}" creatingUser="${USER}">\n${codings}\n      </PlainTextSelection>`,
    );
    perspectives.push([s.segment.attributes.perspective ?? 'unspecified', selection]);
  }
  const xml = [
    `    <TextSource guid="${guid}" name="${escapeXml(document)}" plainTextPath="internal://${guid}.txt" creatingUser="${USER}">`,
    ...selections,
    '    </TextSource>',
  ].join('\n');
  return { guid, xml, text, perspectives };
}

/**
 * The REFI-QDA project (`project.qde`): the codebook as codes, every transcript as a text source
 * with its coded segments, and each perspective as a case holding its segments.
 */
export function projectQde(name: string, codebook: Codebook, sources: QdpxSource[]): string {
  const cases = new Map<string, string[]>();
  for (const source of sources) {
    for (const [perspective, selection] of source.perspectives) cases.set(perspective, [...(cases.get(perspective) ?? []), selection]);
  }
  const caseXml = [...cases.keys()]
    .sort()
    .map((perspective) => {
      const refs = (cases.get(perspective) ?? []).map((s) => `      <SelectionRef targetGUID="${s}"/>`).join('\n');
      return `    <Case guid="${stableGuid(codebook.name, 'case', perspective)}" name="${escapeXml(perspective)}">\n      <Description>Segments from the ${escapeXml(perspective)} perspective</Description>\n${refs}\n    </Case>`;
    });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Project xmlns="urn:QDA-XML:project:1.0" name="${escapeXml(name)}" origin="qcode" creatingUserGUID="${USER}">`,
    `  <Users>\n    <User guid="${USER}" name="qcode"/>\n  </Users>`,
    `  <CodeBook>\n    <Codes>\n${codeElements(codebook, '      ').join('\n')}\n    </Codes>\n  </CodeBook>`,
    ...(caseXml.length > 0 ? [`  <Cases>\n${caseXml.join('\n')}\n  </Cases>`] : []),
    ...(sources.length > 0 ? [`  <Sources>\n${sources.map((s) => s.xml).join('\n')}\n  </Sources>`] : []),
    '</Project>',
    '',
  ].join('\n');
}

interface Zip {
  file(name: string, data: string, options: { date: Date; createFolders: boolean }): void;
  generateAsync(options: { type: 'nodebuffer'; compression: 'DEFLATE'; platform: 'UNIX' }): Promise<Buffer>;
}

// jszip loads only when a project is written.
const require = createRequire(import.meta.url);

/** The `.qdpx` archive: `project.qde` and `sources/GUID.txt`, with fixed dates so the bytes never vary. */
export async function qdpxArchive(qde: string, sources: QdpxSource[]): Promise<Buffer> {
  const JSZip = require('jszip') as new () => Zip;
  const zip = new JSZip();
  const date = new Date(Date.UTC(2000, 0, 1));
  // No implicit folder entries: jszip would date them now, and the bytes would vary.
  zip.file('project.qde', qde, { date, createFolders: false });
  for (const source of sources) zip.file(`sources/${source.guid}.txt`, source.text, { date, createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}
