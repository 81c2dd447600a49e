import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileCodebook } from '../src/codebook/compile.js';
import { parseCodebook } from '../src/codebook/parse.js';
import { codeTranscript } from '../src/coding/code-transcript.js';
import { readTranscript } from '../src/transcript/read.js';
import { segmentTranscript } from '../src/transcript/segment-transcript.js';
import { TranscriptError } from '../src/diagnostics.js';
import { parse as parseYaml } from 'yaml';
import { excerptCsv, segmentCsv } from '../src/report/excerpt-csv.js';
import { simpleFrontMatter } from '../src/transcript/front-matter.js';
import { STREAM_FORMATS } from '../src/report/formats/index.js';
import { excerptColumns, excerptRows, SEGMENT_COLUMNS, segmentRows } from '../src/report/tables.js';
import { runQcode } from './helpers.js';

const WORDS = ['trust', 'NHS', 'care', 'home', 'communicat*', 'no', "didn't", 'co-production', 'Zoë', '🙂', 'rely on', '£', '-', '"', ':', 'Interviewer'];

/** Codebooks built from a small grammar: any mix of rule kinds, including odd words. */
const codebookYaml = fc
  .array(
    fc.record({
      keywords: fc.array(fc.constantFrom(...WORDS.filter((w) => !w.includes('*'))), { maxLength: 4 }),
      patterns: fc.array(fc.constantFrom('communicat*', 'co-produc*', 'tru*', 'a*b'), { maxLength: 2 }),
      exclude: fc.array(fc.constantFrom('NHS trust', 'care home', 'no *'), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map(
    (themes) =>
      `themes:\n${themes
        .map(
          (t, i) =>
            `  - id: t${i}\n    label: T${i}\n    keywords: ${JSON.stringify(t.keywords)}\n    patterns: ${JSON.stringify(t.patterns)}\n    exclude: ${JSON.stringify(t.exclude)}\n`,
        )
        .join('')}`,
  );

/** Transcript-like text: labels, quotes, attribution lines, front matter fragments, any Unicode. */
const transcriptText = fc
  .array(
    fc.oneof(
      fc.constantFrom('Interviewer: ', 'P01: ', '[Mark] ', 'Amina (00:01:23): ', '- Care Home Perspective', '---', '\n', '\n\n', '"', '# Heading'),
      fc.constantFrom(...WORDS).map((w) => `${w} `),
      fc.string({ unit: 'binary', maxLength: 12 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** A generated codebook compiled and a generated text read as a transcript; undefined when either is refused, as a user would see it refused. */
function sample(yaml: string, document: string, text: string) {
  const { codebook } = parseCodebook('cb.yaml', yaml);
  if (!codebook) return undefined;
  try {
    return {
      compiled: compileCodebook(codebook),
      transcript: readTranscript(document, 'doc.txt', new TextEncoder().encode(text), { interviewer: ['Interviewer'] }),
    };
  } catch (error) {
    expect(error).toBeInstanceOf(TranscriptError);
    return undefined;
  }
}

describe('properties', () => {
  test('coding never throws, and every segment and excerpt slices back to its own text', () => {
    fc.assert(
      fc.property(codebookYaml, transcriptText, (yaml, text) => {
        const read = sample(yaml, 'doc.txt', text);
        if (!read) return;
        const { compiled, transcript } = read;
        for (const unit of ['turn', 'paragraph', 'sentence'] as const) {
          const segments = segmentTranscript(transcript, unit, { attributes: undefined, fromFolder: false });
          const coded = codeTranscript(compiled, transcript, segments, true);
          for (const s of coded.segments) {
            expect(s.segment.start).toBeGreaterThanOrEqual(0);
            expect(s.segment.end).toBeLessThanOrEqual(transcript.text.length);
            expect(s.segment.start).toBeLessThanOrEqual(s.segment.end);
            for (const hit of s.themes) {
              for (const term of hit.terms)
                expect(transcript.text.slice(s.segment.start, s.segment.end).toLowerCase().replace(/\s+/g, ' ')).toContain(term.split(' ')[0]);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the CLI exits 0, 1 or 2 on random bytes as transcript and codebook, and never prints a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 120 }), async (transcript, codebook) => {
        const { mkdtempSync, writeFileSync } = await import('node:fs');
        const { join } = await import('node:path');
        const { tmpdir } = await import('node:os');
        const dir = mkdtempSync(join(tmpdir(), 'qcode-fuzz-'));
        writeFileSync(join(dir, 't.txt'), transcript);
        writeFileSync(join(dir, 'cb.yaml'), codebook);
        for (const cb of [join(dir, 'cb.yaml'), 'fixtures/codebooks/small.yaml']) {
          const result = await runQcode(['code', join(dir, 't.txt'), '-c', cb, '--table', 'summary'], { env: { QCODE_CACHE: '0' } });
          expect([0, 1, 2]).toContain(result.code);
          expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('excerpts.csv and segments.csv written straight to bytes equal the CSV of their rows, whatever the text, attributes and options', () => {
    const attributeValue = fc.constantFrom('', 'Care Home', '=HYPERLINK("x")', 'a, "b"', 'line\nbreak', '-5', 'Zoë 🙂', '@me');
    fc.assert(
      fc.property(
        codebookYaml,
        transcriptText,
        attributeValue,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(0, 3),
        (yaml, text, site, sanitize, excel, context) => {
          const read = sample(yaml, 'a "doc", =1.txt', text);
          if (!read) return;
          const { compiled, transcript } = read;
          const segments = segmentTranscript(transcript, 'turn', { attributes: undefined, fromFolder: false });
          for (const s of segments) s.attributes = { ...s.attributes, site };
          const coded = codeTranscript(compiled, transcript, segments, true);
          const options = { attributeColumns: ['site'], context, sanitize, excel };
          const rows = excerptRows(coded, compiled.themes, options);
          const expected = rows.length === 0 ? '' : STREAM_FORMATS.csv.rows(excerptColumns(options), rows, options);
          expect(new TextDecoder().decode(Buffer.concat(excerptCsv(coded, compiled.themes, options)))).toBe(expected);
          const segmentTable = segmentRows(coded);
          expect(new TextDecoder().decode(Buffer.concat(segmentCsv(coded, options)))).toBe(
            segmentTable.length === 0 ? '' : STREAM_FORMATS.csv.rows(SEGMENT_COLUMNS, segmentTable, options),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a very large document's rows handed to the output as they are rendered (each piece copied before the next is written into the same memory), then the rest returned, are its whole CSV", () => {
    const yaml =
      'name: t\nversion: "1"\nthemes:\n  - id: trust\n    label: Trust\n    keywords: [trust]\n  - id: home\n    label: Home\n    keywords: [home]\n';
    const turn = 'P1: we trust the home, and the home trusts us, "mostly"\n\nInterviewer: go on\n\n';
    const read = sample(yaml, 'big.txt', turn.repeat(60_000));
    const { compiled, transcript } = read as NonNullable<typeof read>;
    const coded = codeTranscript(compiled, transcript, segmentTranscript(transcript, 'turn', { attributes: undefined, fromFolder: false }), false);
    const options = { attributeColumns: [], context: 0, sanitize: true, excel: false };
    const whole = Buffer.concat(excerptCsv(coded, compiled.themes, options));
    const handed: Uint8Array[] = [];
    const rest = excerptCsv(coded, compiled.themes, options, { sink: (piece) => handed.push(Buffer.from(piece)), slot: 0 });
    expect(whole.length).toBeGreaterThan(16 * 1024 * 1024);
    expect(handed.length).toBeGreaterThan(1);
    expect(Buffer.concat([...handed, ...rest]).equals(whole)).toBe(true);
    const segments = Buffer.concat(segmentCsv(coded, options));
    const handedSegments: Uint8Array[] = [];
    const restSegments = segmentCsv(coded, options, { sink: (piece) => handedSegments.push(Buffer.from(piece)), slot: 1 });
    expect(Buffer.concat([...handedSegments, ...restSegments]).equals(segments)).toBe(true);
  });

  test('front matter read without the YAML parser is exactly what the parser reads', () => {
    const piece = fc.constantFrom(
      'site',
      'date',
      'P01',
      'True',
      'x1',
      'Care Home',
      '2025-03-14',
      '12',
      '1e3',
      '0x1F',
      '1.5',
      'true',
      'Null',
      'x: y',
      ' #c',
      "O'Brien",
      '"q"',
      '-',
      ' ',
      '\t',
      '_',
      'speakers',
      '(pilot)',
      'a,b',
      'é',
    );
    const line = fc
      .array(piece, { minLength: 1, maxLength: 4 })
      .chain((key) => fc.array(piece, { maxLength: 4 }).map((value) => `${key.join('')}: ${value.join('')}`));
    let simple = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.constantFrom('', 'site: Ealing', '  nested: x')), { maxLength: 6 }), (lines) => {
        const text = lines.join('\n');
        const fields = simpleFrontMatter(text);
        if (fields === undefined) return;
        simple++;
        const parsed = (parseYaml(text) ?? {}) as Record<string, unknown>;
        expect(Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]))).toEqual(fields);
      }),
      { numRuns: 2000 },
    );
    expect(simple).toBeGreaterThan(100);
  });
});

describe('YAML anchors and aliases of any size and shape', () => {
  /**
   * A document of anchored values, each a scalar of some size or a list of aliases to earlier
   * ones, used by a theme's keywords (codebook) or a field (front matter): from tiny to vastly
   * more than either reader may take once expanded.
   */
  const anchored = fc
    .array(fc.oneof(fc.integer({ min: 1, max: 200_000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 })), { minLength: 1, maxLength: 8 })
    .map((values) =>
      values.map((v, i) =>
        typeof v === 'number' || i === 0
          ? `a${i}: &a${i} ${'x'.repeat(typeof v === 'number' ? v : 3)}`
          : `a${i}: &a${i} [${v.map((n) => `*a${n % i}`).join(', ')}]`,
      ),
    );
  // Aliases come back from the yaml library as the same objects, so sizes are counted once each.
  const sizes = new Map<unknown, number>();
  const expandedSize = (value: unknown): number => {
    if (typeof value === 'string') return value.length;
    if (!Array.isArray(value)) return 0;
    let size = sizes.get(value);
    if (size === undefined) sizes.set(value, (size = value.reduce((n: number, v) => n + expandedSize(v), 0)));
    return size;
  };

  test('the codebook reader refuses what expands past 5 MB and reads the rest', () => {
    fc.assert(
      fc.property(anchored, fc.nat(), (lines, pick) => {
        const used = `*a${pick % lines.length}`;
        const yaml = `name: n\nanchors:\n${lines.map((l) => `  ${l}`).join('\n')}\nthemes:\n  - id: t\n    label: T\n    keywords: [${used}, ${used}]\n`;
        const data = parseYaml(yaml, { maxAliasCount: -1 }) as { anchors: Record<string, unknown>; themes: { keywords: unknown[] }[] };
        const expanded = expandedSize(Object.values(data.anchors)) + 2 * expandedSize(data.themes[0]?.keywords[0]);
        const { diagnostics } = parseCodebook('cb.yaml', yaml);
        const refused = diagnostics.some((d) => d.message.includes("the codebook's aliases expand to"));
        // The 12 characters of keys and the theme's own fields never tip the balance here.
        if (expanded > 5.01 * 2 ** 20) expect(refused).toBe(true);
        if (expanded < 4.99 * 2 ** 20) expect(refused).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  test('the front matter reader refuses what expands past 1 MB and reads the rest', () => {
    fc.assert(
      fc.property(anchored, (lines) => {
        const text = `---\n${lines.join('\n')}\n---\nP01: we trust them\n`;
        const expanded = expandedSize(Object.values(parseYaml(lines.join('\n'), { maxAliasCount: -1 }) as Record<string, unknown>)) + lines.length * 2;
        let refused = false;
        try {
          readTranscript('doc.txt', 'doc.txt', new TextEncoder().encode(text), { interviewer: [] });
        } catch (error) {
          refused = error instanceof TranscriptError && /front matter (aliases expand to|expands through too many YAML aliases)/.test(error.message);
          if (!refused) throw error;
        }
        if (expanded > 1.01 * 2 ** 20) expect(refused).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
