import type { Contract, ResponseSpec } from '../../contract/src/index.js';

/** One documented response (operation, status, media type) and how often the run observed it. */
export interface CoverageEntry {
  operationId: string;
  method: string;
  path: string;
  status: string;
  mediaType: string;
  observed: number;
  /** The `default` (5xx) response: documented for its shape, never expected from a conforming server. */
  informational: boolean;
  /** A response marked `x-optional`: an implementation may send it and need never send it, so not observing it is no gap. */
  optional: boolean;
}

/** A cell of the matrix: the documented response (operation, status, media type) a response was matched to. */
export type DocumentedResponse = Pick<CoverageEntry, 'operationId' | 'status' | 'mediaType'>;

/** Key under which the document's top-level `x-method-not-allowed` response is tracked. */
export const METHOD_NOT_ALLOWED_KEY = 'x-method-not-allowed';

/** The matrix of every documented (operation, status, media type), counting what the run observed. */
export class Coverage {
  private readonly entries = new Map<string, CoverageEntry>();

  constructor(contract: Contract) {
    for (const op of contract.operations) {
      for (const r of op.responses) {
        const media = r.content.length > 0 ? r.content.map((c) => c.mediaType) : [''];
        for (const mediaType of media) this.add(op.operationId, op.method, op.pathTemplate, r, mediaType);
      }
    }
    const mna = contract.methodNotAllowed;
    if (mna) {
      for (const c of mna.content) this.add(METHOD_NOT_ALLOWED_KEY, '*', '*', mna, c.mediaType);
    }
  }

  private add(operationId: string, method: string, path: string, response: ResponseSpec, mediaType: string): void {
    const { status, optional } = response;
    this.entries.set(`${operationId} ${status} ${mediaType}`, {
      operationId,
      method,
      path,
      status,
      mediaType,
      observed: 0,
      informational: status === 'default',
      optional,
    });
  }

  /** Counts a response matched to a documented (status, media type) of an operation. */
  observe(operationId: string, status: string, mediaType: string): void {
    const e = this.entries.get(`${operationId} ${status} ${mediaType}`);
    if (e) e.observed++;
  }

  /** The cell of a response matched to a documented (status, media type), or undefined when the matrix has none. */
  cellOf(operationId: string, status: string, mediaType: string): DocumentedResponse | undefined {
    const e = this.entries.get(`${operationId} ${status} ${mediaType}`);
    return e ? { operationId: e.operationId, status: e.status, mediaType: e.mediaType } : undefined;
  }

  matrix(): CoverageEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }
}
