// Redocly lint rules specific to this contract (registered in redocly.yaml as "apikeys/…").
// They read the document's own markers (x-secret) so the rules hold for any future secret field.

/** Resolves a (possibly $ref'd) node through Redocly's resolver. */
function resolved(ctx, node) {
  return node && typeof node === 'object' && '$ref' in node ? ctx.resolve(node).node : node;
}

/** Names of properties of `schema` (one level, refs followed) whose schema is marked x-secret. */
function secretProperties(ctx, schema) {
  const s = resolved(ctx, schema);
  if (!s || typeof s !== 'object') return [];
  return Object.entries(s.properties ?? {})
    .filter(([, p]) => resolved(ctx, p)?.['x-secret'] === true)
    .map(([name]) => name);
}

function responseSecrets(ctx, response) {
  const r = resolved(ctx, response);
  const found = new Set();
  for (const media of Object.values(r?.content ?? {})) {
    for (const name of secretProperties(ctx, media.schema)) found.add(name);
    for (const name of secretProperties(ctx, media['x-csv-row'])) found.add(name);
  }
  return [...found];
}

/** A response that carries a secret field must require `Cache-Control` with `no-store` (RFC 9111 §5.2.2.5). */
function SecretResponseNoStore() {
  return {
    Operation: {
      enter(operation, ctx) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          const secrets = responseSecrets(ctx, response);
          if (secrets.length === 0) continue;
          const r = resolved(ctx, response);
          const entry = Object.entries(r.headers ?? {}).find(([n]) => n.toLowerCase() === 'cache-control');
          const header = entry && resolved(ctx, entry[1]);
          const mentionsNoStore =
            header && header.required === true && JSON.stringify([header.schema, header.example]).includes('no-store');
          if (!mentionsNoStore) {
            ctx.report({
              message: `Response ${status} carries secret field(s) ${secrets.join(', ')} but does not require "Cache-Control: no-store".`,
              location: ctx.location.child(['responses', status]),
            });
          }
        }
      },
    },
  };
}

/** A secret field is returned exactly once: only by a POST's 201. */
function SecretOnlyInCreate() {
  return {
    PathItem: {
      enter(pathItem, ctx) {
        for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']) {
          const op = pathItem[method];
          if (!op) continue;
          for (const [status, response] of Object.entries(op.responses ?? {})) {
            if (method === 'post' && status === '201') continue;
            const secrets = responseSecrets(ctx, response);
            if (secrets.length > 0) {
              ctx.report({
                message: `${method.toUpperCase()} response ${status} carries secret field(s) ${secrets.join(', ')}; a secret is returned only by the creating POST's 201.`,
                location: ctx.location.child([method, 'responses', status]),
              });
            }
          }
        }
      },
    },
  };
}

export default function apikeysPlugin() {
  return {
    id: 'apikeys',
    rules: {
      oas3: {
        'secret-response-no-store': SecretResponseNoStore,
        'secret-only-in-create': SecretOnlyInCreate,
      },
    },
  };
}
