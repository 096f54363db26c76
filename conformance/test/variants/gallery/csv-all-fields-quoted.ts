import { parse } from 'csv-parse/sync';
import { essence, rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** A CSV writer with "quote all" switched on: every field of every record, header row included, is enclosed in double quotes. */
export const variant: Variant = {
  id: 'csv-all-fields-quoted',
  description: 'every CSV field, header row included, is enclosed in double quotes ("_id","name",…)',
  allowedBy:
    'RFC 4180 §2 item 5 ("Each field may or may not be enclosed in double quotes"); info.description, Representations (text/csv)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (essence(res.headers['content-type']) !== 'text/csv' || res.body === '') return res;
      const records: string[][] = parse(res.body, { bom: false });
      const body = records.map((r) => `${r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')}\r\n`).join('');
      return { ...res, body };
    }),
  }),
};
