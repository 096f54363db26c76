import { rewriteHead, type Variant } from '../variant.js';

const PHRASES: Record<number, string> = {
  200: 'Okay',
  201: 'Key Created',
  204: 'Revoked',
  400: 'Invalid Request',
  401: 'Who Are You',
  404: 'No Such Thing',
  405: 'Wrong Method',
  406: 'Cannot Represent',
  413: 'Payload Too Large',
  415: 'Send JSON',
};

/** Custom reason phrases in the status line (413 keeps RFC 7231's old "Payload Too Large"). */
export const variant: Variant = {
  id: 'status-reason-phrases',
  description:
    'status lines carry other reason phrases ("201 Key Created", "404 No Such Thing", "413 Payload Too Large")',
  allowedBy: 'RFC 9112 §4 (a client SHOULD ignore the reason-phrase content)',
  apply: () => ({ wrapHandler: rewriteHead((head) => ({ ...head, reason: PHRASES[head.status] ?? head.reason })) }),
};
