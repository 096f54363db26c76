import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorObject } from 'ajv';
import { parseMediaType, type RequestBodySpec } from '../../contract/src/index.js';
import { boundedCache } from './bounded-cache.js';
import { HttpError, type FieldError } from './http-error.js';
import { readRequestBody } from './request-body.js';

/** Ajv errors on a body as FieldErrors named by JSON Pointer (RFC 6901), pointing at the offending property. */
function bodyErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    const prop = params.missingProperty ?? params.additionalProperty;
    const pointer =
      prop === undefined ? e.instancePath : `${e.instancePath}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return { in: 'body' as const, name: pointer, message: e.message ?? 'is invalid' };
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const contentTypeOf = boundedCache(parseMediaType);

const invalidJson = (message: string): HttpError =>
  new HttpError('invalid-request', 'The request body is not valid JSON.', {
    errors: [{ in: 'body', name: '', message }],
  });

/**
 * Reads and validates a request body: `415` unless its Content-Type is a documented media type in UTF-8 (no charset
 * means UTF-8 for JSON), `413` past the size limit, `400` when it is not UTF-8 JSON matching the schema.
 */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse, spec: RequestBodySpec): Promise<unknown> {
  const header = req.headers['content-type'];
  const contentType = header === undefined ? undefined : contentTypeOf(header);
  const media = contentType && spec.content.find((c) => c.mediaType === contentType.essence);
  const charset = contentType?.parameters.get('charset');
  if (!media || (charset !== undefined && charset !== 'utf-8')) {
    throw new HttpError(
      'unsupported-media-type',
      `The request body must be ${spec.content.map((c) => c.mediaType).join(' or ')} in UTF-8.`,
    );
  }
  const bytes = await readRequestBody(req, res, spec.maxBytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw invalidJson('is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalidJson(`is not JSON: ${(e as Error).message}`);
  }
  if (!media.validate(value)) {
    throw new HttpError('invalid-request', 'The request body does not match the schema.', {
      errors: bodyErrors(media.validate.errors),
    });
  }
  return value;
}
