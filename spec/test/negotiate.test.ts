import { describe, expect, it } from 'vitest';
import { negotiate } from '../lib/index.js';

const FIVE = ['application/json', 'application/hal+json', 'application/xml', 'text/xml', 'text/csv'];

describe('negotiate (RFC 9110 §12.5.1)', () => {
  it.each([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['text/*', 'text/xml'],
    ['TEXT/CSV', 'text/csv'],
    ['text/csv;q=0.5, application/*', 'application/json'],
    ['text/*, application/json;q=0.9', 'text/xml'],
    ['text/csv, application/json', 'text/csv'],
    ['application/json; charset=utf-8', 'application/json'],
    ['text/csv;header=present', 'text/csv'],
    ['application/xml;q=0.8;charset=utf-8, text/csv;q=0.5', 'application/xml'],
    [', ,', 'application/json'],
    ['application/json;q=abc, text/csv', 'text/csv'],
    ['application/json;q=1.0001, text/csv', 'text/csv'],
  ])('Accept %j selects %s', (accept, expected) => {
    expect(negotiate(accept, FIVE)).toBe(expected);
  });

  it.each([['image/png'], ['application/json;q=0'], ['*/*;q=0'], ['application/json;charset=iso-8859-1'], ['text/csv;header=absent']])(
    'Accept %j selects nothing (406)',
    (accept) => {
      expect(negotiate(accept, FIVE)).toBeUndefined();
    },
  );
});
