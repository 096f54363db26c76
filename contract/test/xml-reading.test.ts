import { describe, expect, it } from 'vitest';
import { bundledSpecPath, decodeXml, loadContract } from '../src/index.js';

const contract = loadContract(bundledSpecPath());

describe('decodeXml reads what XML 1.0 allows a writer to choose', () => {
  it('decodes character references as the text they stand for (XML 1.0 §4.1), but no HTML entity names', () => {
    const xml =
      '<endpointApiKey><_id>650a8d2c6f1e4b0012ab34cd</_id><name>Caf&#xE9; &#233; &amp;#233; &#x1F600; &amp;nbsp;</name>' +
      '<keyPreview>8a4f&#x2022;&#x2022;&#x2022;&#x2022;&#x2022;&#x2022;&#x2022;&#x2022;7c2e</keyPreview><createdAt>1694518620</createdAt></endpointApiKey>';
    const value = decodeXml(xml, contract.schema('EndpointApiKeyMetadata'), contract.deref) as Record<string, unknown>;
    expect(value['name']).toBe('Café é &#233; \u{1F600} &nbsp;');
    expect(value['keyPreview']).toBe('8a4f••••••••7c2e');
  });

  it('reads an array wrapper holding only white space as an empty list (XML 1.0 §2.10)', () => {
    const xml = '<endpointApiKeyList><items>\n  </items><total>0</total></endpointApiKeyList>';
    expect(decodeXml(xml, contract.schema('EndpointApiKeyList'), contract.deref)).toEqual({
      items: [],
      total: 0,
      nextCursor: null,
      previousCursor: null,
    });
  });

  it('keeps white space inside a name (text is never trimmed)', () => {
    const xml =
      '<endpointApiKey><_id>650a8d2c6f1e4b0012ab34cd</_id><name>a  b</name><keyPreview>x</keyPreview><createdAt>1</createdAt></endpointApiKey>';
    expect(
      (decodeXml(xml, contract.schema('EndpointApiKeyMetadata'), contract.deref) as Record<string, unknown>)['name'],
    ).toBe('a  b');
  });
});
