import { rewriteResponses } from '../../faults/fault.js';
import { isJson, type Variant } from '../variant.js';

/** Every link the server writes (HAL `href`s, `Link` targets, `Location`) is an absolute URI. */
export const variant: Variant = {
  id: 'hal-and-link-absolute-uris',
  description: 'HAL `_links` hrefs, `Link` header targets and `Location` are absolute URIs (http://host:port/…)',
  allowedBy:
    '#/components/schemas/HalLink/properties/href (format: uri-reference, which includes absolute URIs); RFC 8288 §3 (a Link target is a URI-Reference); RFC 9110 §10.2.2',
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      const origin = `http://${String(req.headers.host)}`;
      const headers = { ...res.headers };
      if (headers['link'] !== undefined) headers['link'] = headers['link'].replace(/<\//g, `<${origin}/`);
      if (headers['location']?.startsWith('/')) headers['location'] = origin + headers['location'];
      const body = isJson(res.headers['content-type'])
        ? res.body.replace(/"href":"\//g, `"href":"${origin}/`)
        : res.body;
      return { ...res, headers, body };
    }),
  }),
};
