import { describe, expect, it } from 'vitest';
import { linkTarget, parseLinkHeader } from '../src/link-header.js';

const at = (link: string, rel: string) => linkTarget({ headers: { link } }, rel);

describe('parseLinkHeader reads every valid RFC 8288 Link field value', () => {
  it.each([
    ['<a>; rel="next", <b>; rel="prev"', 'a', 'b'],
    ['<a>; rel="next" , <b>; rel="prev"', 'a', 'b'],
    ['<a>; foo; rel=next, <b>; rel=prev', 'a', 'b'],
    ['<a>; rel=next; nopush, <b>; rel=prev', 'a', 'b'],
    [', <a>; rel=next, ,<b>; rel=prev', 'a', 'b'],
    ['<b>; REL="prev other", <a>; Rel=NEXT', 'a', 'b'],
    ['<a>;rel=next;title="x, y",<b>;rel=prev', 'a', 'b'],
    ['<a?x=1;y>; rel="next"; rel="prev"', 'a?x=1;y', null],
  ])('%s: next %s, prev %s', (link, next, prev) => {
    expect(at(link, 'next')).toBe(next);
    expect(at(link, 'prev')).toBe(prev);
  });

  it('skips a malformed link-value and keeps the others', () => {
    expect(parseLinkHeader('junk; rel=next, <b>; rel=prev').map((l) => [l.target, l.rel])).toEqual([['b', 'prev']]);
  });

  it('keeps the other parameters, unquoted, by lower-case name', () => {
    expect(parseLinkHeader('<a>; rel=next; Title="a \\"b\\""')[0]).toEqual({
      target: 'a',
      rel: 'next',
      params: { title: 'a "b"' },
    });
  });
});
