import { parseMediaType } from './media-type.js';
import { contentTypeFor } from './representation.js';
import { splitOutsideQuotes } from './split-outside-quotes.js';

/*
 * Content negotiation as the spec states it (#/info/description, "Content negotiation"), on RFC 9110 §12.5.1.
 * The spec leaves implementations a few choices; `negotiation()` returns every answer some allowed choice gives,
 * and `negotiate()` is the reference server's own choice among them.
 */

// RFC 9110 §5.6.2: token = 1*tchar.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The choices the spec leaves to implementations (each answer of each combination conforms). */
export interface Interpretation {
  /** An element whose range is not RFC 9110 syntax (`foo`, `text/`, `*\/csv`). */
  invalidRange: 'ignore' | 'match-nothing';
  /** A parameter that is not `name=value` (`text/csv;header`): the element ignored or matching nothing, or the parameter dropped. */
  invalidParameter: 'ignore' | 'match-nothing' | 'drop-parameter';
  /**
   * An element whose weight is not a qvalue (`q=abc`, `q=`, `q=1.5`): ignored, matching nothing, or read with some
   * weight of the implementation's (frameworks parse it leniently: `parseFloat`, an empty value as 1).
   */
  invalidWeight: 'ignore' | 'match-nothing' | 'any-weight';
  /** Parameters after the weight (RFC 7231's accept-ext, gone from RFC 9110's grammar). */
  afterWeight: 'range-parameters' | 'ignore' | 'invalid';
  /** Parameter values other than `charset` (always case-insensitive, RFC 9110 §8.3.2), e.g. `header=PRESENT`. */
  valueCase: 'sensitive' | 'insensitive';
}

/** The reference server's choices. */
export const REFERENCE_INTERPRETATION: Interpretation = {
  invalidRange: 'ignore',
  invalidParameter: 'ignore',
  invalidWeight: 'ignore',
  afterWeight: 'range-parameters',
  valueCase: 'insensitive',
};

function* interpretations(): Generator<Interpretation> {
  for (const invalidRange of ['ignore', 'match-nothing'] as const)
    for (const invalidParameter of ['ignore', 'match-nothing', 'drop-parameter'] as const)
      for (const invalidWeight of ['ignore', 'match-nothing', 'any-weight'] as const)
        for (const afterWeight of ['range-parameters', 'ignore', 'invalid'] as const)
          for (const valueCase of ['sensitive', 'insensitive'] as const)
            yield { invalidRange, invalidParameter, invalidWeight, afterWeight, valueCase };
}

type Parameter = { name: string; value: string };
/** Weights a lenient reading of an invalid weight may give: none, the default, and one above any valid qvalue. */
const ANY_WEIGHT = [0, 1, 2];

type Parsed =
  | { kind: 'range'; type: string; subtype: string; params: Parameter[]; q: number[] }
  | { kind: 'invalid-range' }
  | { kind: 'invalid-parameter' }
  | { kind: 'invalid-weight' };

/** RFC 9110 §5.6.6: parameter = parameter-name "=" parameter-value (token or quoted-string); undefined when not. */
function parameter(text: string): Parameter | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  const name = text.slice(0, eq);
  let value = text.slice(eq + 1);
  if (!TOKEN.test(name)) return undefined;
  if (value.startsWith('"')) {
    if (value.length < 2 || !value.endsWith('"')) return undefined;
    value = value.slice(1, -1).replace(/\\(.)/g, '$1');
  } else if (!TOKEN.test(value)) return undefined;
  return { name: name.toLowerCase(), value };
}

/** One Accept element under an interpretation (RFC 9110 §12.5.1: media-range [ weight ]). */
function parseElement(element: string, how: Interpretation): Parsed {
  const [range = '', ...rest] = splitOutsideQuotes(element, ';').map((p) => p.trim());
  const slash = range.indexOf('/');
  const type = range.slice(0, slash).toLowerCase();
  const subtype = range.slice(slash + 1).toLowerCase();
  if (slash <= 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*'))
    return { kind: 'invalid-range' };
  const params: Parameter[] = [];
  let q: number[] | undefined;
  for (const piece of rest) {
    if (piece === '') continue; // parameters = *( OWS ";" OWS [ parameter ] )
    const p = piece.replace(/^q=$/i, 'q=""');
    const param = parameter(p);
    if (!param) {
      if (how.invalidParameter === 'drop-parameter') continue;
      return { kind: 'invalid-parameter' };
    }
    if (q === undefined && param.name === 'q') {
      if (!QVALUE.test(param.value)) {
        if (how.invalidWeight !== 'any-weight') return { kind: 'invalid-weight' };
        q = ANY_WEIGHT;
      } else q = [Number(param.value)];
      continue;
    }
    if (q !== undefined) {
      if (how.afterWeight === 'invalid') return { kind: 'invalid-range' };
      if (how.afterWeight === 'ignore') continue;
    }
    params.push(param);
  }
  return { kind: 'range', type, subtype, params, q: q ?? [1] };
}

type Range = { type: string; subtype: string; params: Parameter[]; q: number[] } | 'nothing';

/** The ranges that count under an interpretation; undefined when none does (the Accept counts as absent). */
function rangesOf(accept: string | undefined, how: Interpretation): Range[] | undefined {
  if (accept === undefined) return undefined;
  const out: Range[] = [];
  for (const raw of splitOutsideQuotes(accept, ',')) {
    const element = raw.trim();
    if (element === '') continue; // RFC 9110 §5.6.1.2: empty list elements are ignored
    const p = parseElement(element, how);
    if (p.kind === 'range') out.push(p);
    else if (
      {
        'invalid-range': how.invalidRange,
        'invalid-parameter': how.invalidParameter,
        'invalid-weight': how.invalidWeight,
      }[p.kind] === 'match-nothing'
    )
      out.push('nothing');
  }
  return out.length === 0 ? undefined : out;
}

/** Parsed once per Content-Type: `negotiation()` asks for every type under each of its 108 interpretations. */
const paramsByContentType = new Map<string, readonly Parameter[]>();

/** The parameters of the Content-Type a type is sent with (shared: callers only read them). */
function paramsOf(contentType: string): readonly Parameter[] {
  let params = paramsByContentType.get(contentType);
  if (params === undefined) {
    params = [...(parseMediaType(contentType)?.parameters ?? [])].map(([name, value]) => ({ name, value }));
    paramsByContentType.set(contentType, params);
  }
  return params;
}

/** Specificity (RFC 9110 §12.5.1: "the most specific reference has precedence"), or -1 when the range does not match. */
function specificity(range: Range, type: string, sent: readonly Parameter[], how: Interpretation): number {
  if (range === 'nothing') return -1;
  const [t, s] = type.split('/') as [string, string];
  if (range.type !== '*' && range.type !== t) return -1;
  if (range.subtype !== '*' && range.subtype !== s) return -1;
  const same = (a: string, b: string, name: string) =>
    name === 'charset' || how.valueCase === 'insensitive' ? a.toLowerCase() === b.toLowerCase() : a === b;
  if (!range.params.every((p) => sent.some((x) => x.name === p.name && same(x.value, p.value, p.name)))) return -1;
  if (range.type === '*') return 0;
  if (range.subtype === '*') return 1;
  return range.params.length > 0 ? 3 : 2;
}

/** For each available type, the q values it may have (equally specific ranges may disagree). */
function qualities(ranges: Range[], available: readonly string[], how: Interpretation): number[][] {
  return available.map((type) => {
    const sent = paramsOf(contentTypeFor(type));
    let best = -1;
    let qs: number[] = [0];
    for (const r of ranges) {
      const s = specificity(r, type, sent, how);
      if (s < 0 || r === 'nothing') continue;
      if (s > best) {
        best = s;
        qs = [...r.q];
      } else if (s === best) qs.push(...r.q);
    }
    return qs;
  });
}

/** What a conforming server may answer to an Accept value. */
export interface NegotiationOutcome {
  /** The media types it may send (a subset of `available`, in its order); empty when it must answer 406. */
  types: string[];
  /** Whether 406 is a conforming answer. */
  notAcceptable: boolean;
}

function outcomeUnder(
  accept: string | undefined,
  available: readonly string[],
  how: Interpretation,
): NegotiationOutcome {
  const ranges = rangesOf(accept, how);
  // An absent Accept, or one with only */* ranges, gets the first type (application/json): spec, Content negotiation.
  // Only a */* without parameters: `*/*;header=present` gives q 0 to every type without that parameter.
  if (ranges === undefined) return { types: available.slice(0, 1), notAcceptable: false };
  const onlyAny = ranges.every((r) => r !== 'nothing' && r.type === '*' && r.params.length === 0);
  const qs = qualities(ranges, available, how);
  const floor = Math.max(...qs.map((q) => Math.min(...q)));
  let types = available.filter((_, i) => Math.max(...qs[i]!) > 0 && Math.max(...qs[i]!) >= floor);
  if (onlyAny && types.length > 0) types = available.slice(0, 1);
  return { types, notAcceptable: qs.every((q) => Math.min(...q) === 0) };
}

/**
 * Every conforming answer to `accept` (spec: #/info/description, Content negotiation): a type may be sent when some
 * allowed reading of the header gives it the highest q (ties: any of them), and 406 is conforming when some allowed
 * reading leaves nothing with q > 0.
 */
export function negotiation(accept: string | undefined, available: readonly string[]): NegotiationOutcome {
  const types = new Set<string>();
  let notAcceptable = false;
  for (const how of interpretations()) {
    const o = outcomeUnder(accept, available, how);
    for (const t of o.types) types.add(t);
    if (o.notAcceptable) notAcceptable = true;
  }
  return { types: available.filter((t) => types.has(t)), notAcceptable };
}

/**
 * The reference server's answer: its own reading of the header ({@link REFERENCE_INTERPRETATION}), the highest q,
 * and on a tie the first type in `available` (the document's order). Undefined means 406.
 */
export function negotiate(accept: string | undefined, available: readonly string[]): string | undefined {
  const ranges = rangesOf(accept, REFERENCE_INTERPRETATION);
  if (ranges === undefined) return available[0];
  // Only */* ranges tie every type, so the first (application/json) is sent, as the spec requires.
  const qs = qualities(ranges, available, REFERENCE_INTERPRETATION).map((q) => Math.max(...q));
  const top = Math.max(...qs);
  return top > 0 ? available[qs.indexOf(top)] : undefined;
}
