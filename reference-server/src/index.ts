export { createServer, type RunningServer, type ServeOptions } from './create-server.js';
export { createRequestHandler, type RequestHandler, type RequestHandlerOptions } from './request-handler.js';
export { MemoryStore } from './memory-store.js';
export { comparePositions, type KeyRecord, type Page, type PageQuery, type Position, type Store } from './store.js';
export { HttpError, type FieldError, type ProblemCode } from './http-error.js';
export { ServeOptionError } from './serve-option-error.js';
export { createCursorCodec, type CursorCodec, type CursorDirection, type DecodedCursor } from './cursor-codec.js';
export { createObjectIdGenerator } from './object-id.js';
export type { HandlerInput, HandlerReply, Loaded, OperationHandler } from './operation-handler.js';
