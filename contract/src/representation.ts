import { mediaTypeEssence } from './media-type.js';

/** The families of representation this contract uses. */
export type Representation = 'json' | 'xml' | 'csv';

/** Which family a media type belongs to, or undefined when this kit cannot read it. */
export function representationOf(mediaType: string): Representation | undefined {
  const mt = mediaTypeEssence(mediaType);
  if (mt === 'application/json' || mt.endsWith('+json')) return 'json';
  if (mt === 'application/xml' || mt === 'text/xml' || mt.endsWith('+xml')) return 'xml';
  if (mt === 'text/csv') return 'csv';
  return undefined;
}

/** The Content-Type value to send for a documented media type. */
export function contentTypeFor(mediaType: string): string {
  const rep = representationOf(mediaType);
  // RFC 4180 §3: text/csv takes charset and header parameters.
  if (rep === 'csv') return `${mediaType}; charset=utf-8; header=present`;
  if (rep === 'xml') return `${mediaType}; charset=utf-8`;
  return mediaType === 'application/json' ? 'application/json; charset=utf-8' : mediaType;
}
