import { describe, expect, it } from 'vitest';
import { checkResponse, contentTypeFor, loadContract, sourceSpecPath } from '../src/index.js';

// Issue 8 audit: what a response reader must accept because RFC 4180, XML 1.0 or RFC 9110 allow it, and the one BOM
// (JSON's) it must still refuse because RFC 8259 forbids it.
const contract = loadContract(sourceSpecPath());
const read = contract.operation('readEndpointApiKey');
const row = '650a8d2c6f1e4b0012ab34cd,My CRM webhook,8a4f••••••••7c2e,1694518620';
const inner =
  '<_id>650a8d2c6f1e4b0012ab34cd</_id><name>My CRM webhook</name><keyPreview>8a4f••••••••7c2e</keyPreview><createdAt>1694518620</createdAt>';
const check = (contentType: string, body: string) =>
  checkResponse(contract, read.responses, {
    status: 200,
    headers: { 'content-type': contentType, vary: 'Accept' },
    body,
  });
const codes = (contentType: string, body: string) =>
  check(contentType, body).violations.map((v) => `${v.code}: ${v.message}`);

describe('text/csv as RFC 4180 and RFC 9110 allow it', () => {
  it.each([
    ['the last record without a line break (RFC 4180 §2 rule 2)', `_id,name,keyPreview,createdAt\r\n${row}`],
    ['a leading UTF-8 byte order mark (an encoding signature)', `\uFEFF_id,name,keyPreview,createdAt\r\n${row}\r\n`],
    [
      'a byte order mark before a quoted header row',
      `\uFEFF"_id","name","keyPreview","createdAt"\r\n"${row.split(',').join('","')}"\r\n`,
    ],
    [
      'every field quoted (RFC 4180 §2 rule 5)',
      `"_id","name","keyPreview","createdAt"\r\n"${row.split(',').join('","')}"\r\n`,
    ],
  ])('accepts %s', (_what, body) => {
    expect(codes(contentTypeFor('text/csv'), body)).toEqual([]);
  });

  it.each([
    'text/csv; charset=UTF-8; header=present',
    'text/csv;charset="utf-8"',
    'TEXT/CSV ; Charset=utf-8',
    'text/csv; header=present; charset=utf-8',
    'text/csv; foo="a; charset=latin1"; charset=utf-8',
    'text/csv;; charset=utf-8',
  ])('reads the charset of Content-Type %j as utf-8', (ct) => {
    expect(codes(ct, `_id,name,keyPreview,createdAt\r\n${row}\r\n`)).toEqual([]);
  });

  it('still refuses a CSV without charset=utf-8, with bare LF line breaks, or with an extra empty record', () => {
    expect(
      codes('text/csv; header=present', `_id,name,keyPreview,createdAt\r\n${row}\r\n`).map((c) => c.split(':')[0]),
    ).toEqual(['CONTENT_TYPE_CHARSET']);
    expect(
      codes('text/csv; foo="charset=utf-8"', `_id,name,keyPreview,createdAt\r\n${row}\r\n`).map((c) => c.split(':')[0]),
    ).toEqual(['CONTENT_TYPE_CHARSET']);
    expect(
      codes(contentTypeFor('text/csv'), `_id,name,keyPreview,createdAt\n${row}\n`).map((c) => c.split(':')[0]),
    ).toEqual(['BODY_INVALID']);
    expect(
      codes(contentTypeFor('text/csv'), `_id,name,keyPreview,createdAt\r\n${row}\r\n\r\n`).map((c) => c.split(':')[0]),
    ).toEqual(['BODY_UNDECODABLE']);
  });
});

describe('XML as XML 1.0 allows it', () => {
  it.each([
    [
      'a byte order mark before the declaration (XML 1.0 §4.3.3)',
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?><endpointApiKey>${inner}</endpointApiKey>`,
    ],
    ['a byte order mark without a declaration', `\uFEFF<endpointApiKey>${inner}</endpointApiKey>`],
    [
      'standalone="yes" and CRLF line ends',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<endpointApiKey>\r\n  ${inner.replace(/></g, '>\r\n  <')}\r\n</endpointApiKey>\r\n`,
    ],
    [
      'a declaration in single quotes, lower-case encoding name',
      `<?xml version='1.0' encoding='utf-8'?><endpointApiKey>${inner}</endpointApiKey>`,
    ],
    [
      'comments and processing instructions',
      `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="k.xsl"?><!-- k --><endpointApiKey><!-- in -->${inner}</endpointApiKey><!-- end -->`,
    ],
    [
      'a namespace declaration and attributes',
      `<endpointApiKey xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1">${inner}</endpointApiKey>`,
    ],
  ])('accepts %s', (_what, body) => {
    expect(codes('application/xml; charset=utf-8', body)).toEqual([]);
    expect(codes('text/xml', body)).toEqual([]);
  });
});

describe('JSON', () => {
  it('refuses a byte order mark (RFC 8259 §8.1: MUST NOT), saying so', () => {
    const body = `\uFEFF${JSON.stringify({ _id: '650a8d2c6f1e4b0012ab34cd', name: 'x', keyPreview: '8a4f••••••••7c2e', createdAt: 1 })}`;
    const out = codes('application/json', body);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^BODY_UNDECODABLE: .*byte order mark/);
  });
});
