import { describe, expect, it } from 'vitest';
import { bundledSpecPath, loadContract } from '../../contract/src/index.js';
import { catalogue } from '../src/checks/index.js';
import { ruleText } from '../src/rule-text.js';

const contract = loadContract(bundledSpecPath());

describe('ruleText: the sentence a check enforces, from the spec', () => {
  it.each(catalogue.map((c) => [c.id, c.rule] as const))('%s names a rule the spec states (%s)', (_id, rule) => {
    const text = ruleText(contract.document, rule);
    expect(text, rule).toBeDefined();
    expect(text!.length).toBeGreaterThan(20);
  });

  it('takes the paragraph a section name picks out of a description', () => {
    expect(ruleText(contract.document, '#/info/description (Order of checks)')).toMatch(
      /^\*\*Order of checks\.\*\* A request is answered by the first rule/,
    );
  });

  it('falls back to the nearest enclosing description for a marker', () => {
    expect(ruleText(contract.document, '#/components/schemas/ApiKeyPlaintext/x-secret')).toMatch(/plaintext API key/);
  });

  it('gives nothing for a pointer into nothing', () => {
    expect(ruleText(contract.document, '#/no/such/place')).toBeUndefined();
    expect(ruleText(contract.document, '#/info/nosuch')).toBeUndefined();
    expect(ruleText(contract.document, 'not a pointer')).toBeUndefined();
  });
});
