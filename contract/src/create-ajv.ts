import { Ajv2020 } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS (`exports.default = formatsPlugin`); under NodeNext the callable sits on `.default`.
const addFormats = addFormatsModule.default.default;

/** Creates the Ajv 2020-12 instance used for every validator derived from the spec. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  // OpenAPI 3.1 annotations and this document's vendor extensions: known to Ajv so strict mode accepts them.
  ajv.addVocabulary([
    'x-code-points',
    'x-role',
    'example',
    'xml',
    'discriminator',
    'externalDocs',
    'x-secret',
    'x-preview',
    'x-unix-time',
  ]);
  return ajv;
}
