import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';

const awaitingContinue = new WeakSet<IncomingMessage>();
const failedBodies = new WeakMap<IncomingMessage, HttpError>();
const BODY_FAILED = 'apikeys-kit:body-failed';

/**
 * Makes the reading of `req`'s body fail with `error` (now if it is being read, or as soon as the handler starts
 * reading it): the connection's body will not arrive (it stalled past the request timeout, or its framing broke,
 * e.g. a bad chunk size), so the handler answers `error` for this request, naming its path, instead of waiting.
 */
export function failRequestBody(req: IncomingMessage, error: HttpError): void {
  if (failedBodies.has(req)) return;
  failedBodies.set(req, error);
  req.emit(BODY_FAILED, error);
}

/**
 * Marks a request that carries `Expect: 100-continue` and has not been told to send its body yet (the server's
 * 'checkContinue' listener does this instead of node's automatic 100). RFC 9110 §10.1.1: the server sends
 * `100 Continue` only once it decides to read the body, so a request refused earlier never sends it.
 */
export function markAwaitingContinue(req: IncomingMessage): void {
  awaitingContinue.add(req);
}

/**
 * Reads a request body of at most `maxBytes` bytes. A declared Content-Length over the limit is refused before
 * reading anything; otherwise bytes are counted as they arrive and reading stops at the first byte past the limit
 * (RFC 9110 §15.5.14), so the server never buffers more than `maxBytes`.
 */
export function readRequestBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError('content-too-large', `The request body exceeds ${maxBytes} bytes.`, { closeConnection: true });
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.reject(tooLarge());
  const failed = failedBodies.get(req);
  if (failed) return Promise.reject(failed);
  if (awaitingContinue.delete(req)) res.writeContinue();

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      req.off(BODY_FAILED, onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onAborted = () => onError(new Error('request aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    req.on(BODY_FAILED, onError);
  });
}
