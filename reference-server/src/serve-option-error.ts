/** A createServer option the spec or Node refuses (e.g. an endpoint id that is not an ObjectId). */
export class ServeOptionError extends Error {
  readonly code = 'INVALID_SERVE_OPTION';
  constructor(message: string) {
    super(message);
    this.name = 'ServeOptionError';
  }
}
