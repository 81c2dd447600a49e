import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countWords, tokenize } from '../src/text/tokenize.js';

const words = (text: string) => tokenize(text).map((t) => t.word);

describe('tokenize', () => {
  test.each([
    ['Trust, respect and communication.', ['trust', 'respect', 'and', 'communication']],
    ["We didn't get a call", ['we', "didn't", 'get', 'a', 'call']],
    ['We didn’t — honestly', ['we', "didn't", 'honestly']],
    ['the care-home staff', ['the', 'care', 'home', 'staff']],
    ['joined-up/integrated working', ['joined', 'up', 'integrated', 'working']],
    ['Zoë and José in Ystradgynlais', ['zoë', 'and', 'josé', 'in', 'ystradgynlais']],
    ['“Quoted” words', ['quoted', 'words']],
    ["the partners' meeting", ['the', 'partners', 'meeting']],
    ['Covid-19 in 2020', ['covid', '19', 'in', '2020']],
    ['emoji 🙂 between', ['emoji', 'between']],
  ])('%s', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  test('offsets slice back to the word, also after astral characters', () => {
    const text = 'We 🙂 trust Zoë’s team';
    for (const token of tokenize(text)) {
      expect(text.slice(token.start, token.end).toLowerCase().replace('’', "'")).toBe(token.word);
    }
  });

  test('tokenizes only the span asked for, with offsets into the whole text', () => {
    const text = 'Interviewer: hello\nP01: we trust them';
    const tokens = tokenize(text, 24);
    expect(tokens.map((t) => t.word)).toEqual(['we', 'trust', 'them']);
    expect(tokens[1]).toMatchObject({ start: 27, end: 32 });
  });

  test('marks clause breaks between words', () => {
    const tokens = tokenize('No. We trust them, mostly');
    expect(tokens.map((t) => t.breakBefore)).toEqual([false, true, false, false, true]);
  });

  test('counting words gives what tokenizing finds, in any text', () => {
    const pieces = ['we', "don't", 'Zoë', '’s', "'", ' ', '  ', '-', '🙂', 'x', '1.5', '\n', ',', 'über', '’', 'a’b'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(countWords(text)).toBe(tokenize(text).length);
      }),
    );
  });
});
