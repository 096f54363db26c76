import { describe, expect, it } from 'vitest';
import { mediaTypeEssence, parseMediaType } from '../src/index.js';

const read = (value: string) => {
  const mt = parseMediaType(value);
  return mt && { essence: mt.essence, parameters: [...mt.parameters] };
};

describe('parseMediaType (RFC 9110 §8.3.1, §5.6.6)', () => {
  it('lower-cases the essence and the names, unquotes values, keeps a ; inside quotes', () => {
    expect(read('Text/CSV; Charset="utf-8"; header=present')).toEqual({
      essence: 'text/csv',
      parameters: [
        ['charset', 'utf-8'],
        ['header', 'present'],
      ],
    });
    expect(read('a/b; x="1;2\\"3"; y=4')).toEqual({
      essence: 'a/b',
      parameters: [
        ['x', '1;2"3'],
        ['y', '4'],
      ],
    });
    expect(read('application/json')).toEqual({ essence: 'application/json', parameters: [] });
  });

  it('lower-cases the charset value only (RFC 9110 §8.3.2)', () => {
    expect(read('text/csv; charset=UTF-8; header=Present')?.parameters).toEqual([
      ['charset', 'utf-8'],
      ['header', 'Present'],
    ]);
  });

  it('accepts what RFC 9110 allows: empty elements, a trailing ;, HTAB as white space', () => {
    expect(read('text/csv;; charset=utf-8')?.parameters).toEqual([['charset', 'utf-8']]);
    expect(read('text/csv; charset=utf-8;')?.parameters).toEqual([['charset', 'utf-8']]);
    expect(read('text/csv;\tcharset=utf-8')?.parameters).toEqual([['charset', 'utf-8']]);
    expect(read('a/b; x="a;;b c"; ;y=4')?.parameters).toEqual([
      ['x', 'a;;b c'],
      ['y', '4'],
    ]);
  });

  it('reads a parameter inside a quoted value as part of the value', () => {
    expect(read('text/csv; foo="a; charset=latin1"; charset=utf-8')?.parameters).toEqual([
      ['foo', 'a; charset=latin1'],
      ['charset', 'utf-8'],
    ]);
  });

  it.each(['text', 'a/b; charset', 'a/b; x="open', ''])('is undefined for %j, which is not a media type', (value) => {
    expect(parseMediaType(value)).toBeUndefined();
    expect(mediaTypeEssence(value)).toBe('');
  });

  it('is undefined for an absent header', () => {
    expect(parseMediaType(undefined)).toBeUndefined();
  });
});
