import { essence, rewriteResponses, type Fault } from '../fault.js';

/** A CSV writer fed Object.keys(...).sort(): the columns come out alphabetically, not in the documented order. */
export const fault: Fault = {
  id: 'csv-columns-sorted',
  description: 'CSV columns are written in alphabetical order instead of the schema order',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (essence(res.headers['content-type']) !== 'text/csv') return res;
      // Names in these tests carry no line breaks, so a CRLF split is a record split; a comma inside quotes is kept.
      const records = res.body.split('\r\n').filter((l) => l !== '');
      const split = (line: string) =>
        line
          .match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)!
          .slice(0, -1)
          .map((c) => c.replace(/,$/, ''));
      const header = split(records[0]!);
      const order = header
        .map((h, i) => [h, i] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, i]) => i);
      const body =
        records
          .map((r) => {
            const cells = split(r);
            return order.map((i) => cells[i]).join(',');
          })
          .join('\r\n') + '\r\n';
      return { ...res, body };
    }),
  }),
};
