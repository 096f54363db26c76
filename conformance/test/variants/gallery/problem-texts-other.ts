import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

const TEXTS: Record<number, { slug: string; title: string; detail: string }> = {
  400: { slug: 'validation-failed', title: 'Validation failed', detail: 'One or more inputs are invalid; see errors.' },
  401: { slug: 'authentication-failed', title: 'Unauthorized', detail: 'Authentication failed.' },
  404: { slug: 'resource-not-found', title: 'Resource not found', detail: 'The requested resource does not exist.' },
  405: { slug: 'bad-method', title: 'Method Not Allowed', detail: 'This method is not supported on this resource.' },
  406: { slug: 'unacceptable', title: 'Not Acceptable', detail: 'No acceptable representation is available.' },
  413: { slug: 'body-too-big', title: 'Payload too large', detail: 'Request entity too large.' },
  415: { slug: 'bad-content-type', title: 'Unsupported Media Type', detail: 'Send application/json.' },
};

/** Another team's problem catalogue: its own `type` URIs (absolute https), titles and detail texts. */
export const variant: Variant = {
  id: 'problem-texts-other',
  description: 'problems use other `type` URIs (https://errors.example.com/…), titles and detail texts',
  allowedBy:
    '#/components/schemas/Problem (type: any uri-reference, title and detail: any non-empty string; the urn:apikeys-kit values are examples)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      const texts = TEXTS[res.status];
      if (!texts || !res.headers['content-type']?.startsWith('application/problem+json')) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return {
        ...res,
        body: JSON.stringify({
          ...problem,
          type: `https://errors.example.com/problems/${texts.slug}`,
          title: texts.title,
          detail: texts.detail,
        }),
      };
    }),
  }),
};
