import { mediaTypeEssence } from './media-type.js';

/** The families of representation this contract uses. */
export type Representation = 'json' | 'xml' | 'csv';

function familyOf(mediaType: string): Representation | undefined {
  const mt = mediaTypeEssence(mediaType);
  if (mt === 'application/json' || mt.endsWith('+json')) return 'json';
  if (mt === 'application/xml' || mt === 'text/xml' || mt.endsWith('+xml')) return 'xml';
  if (mt === 'text/csv') return 'csv';
  return undefined;
}

// Encoding a response asks this for every body; parsing the media type each time was a visible share of the
// reference server's create (issue 11). Callers pass the spec's few media types, so a small cache holds them all.
const families = new Map<string, Representation | undefined>();
const MAX_CACHED = 256;

/** Which family a media type belongs to, or undefined when this kit cannot read it. */
export function representationOf(mediaType: string): Representation | undefined {
  if (families.has(mediaType)) return families.get(mediaType);
  const family = familyOf(mediaType);
  if (families.size >= MAX_CACHED) families.clear();
  families.set(mediaType, family);
  return family;
}

/** The Content-Type value to send for a documented media type. */
export function contentTypeFor(mediaType: string): string {
  const rep = representationOf(mediaType);
  // RFC 4180 §3: text/csv takes charset and header parameters.
  if (rep === 'csv') return `${mediaType}; charset=utf-8; header=present`;
  if (rep === 'xml') return `${mediaType}; charset=utf-8`;
  return mediaType === 'application/json' ? 'application/json; charset=utf-8' : mediaType;
}
