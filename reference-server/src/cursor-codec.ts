import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Position } from './store.js';

/** Which way a cursor points: `after` is a page's nextCursor, `before` its previousCursor. */
export type CursorDirection = 'after' | 'before';

export interface DecodedCursor {
  direction: CursorDirection;
  position: Position;
}

export interface CursorCodec {
  encode(endpointId: string, direction: CursorDirection, position: Position): string;
  /** Undefined when the cursor was not issued by this codec for this Endpoint (forged, altered, foreign). */
  decode(endpointId: string, cursor: string): DecodedCursor | undefined;
}

const MAC_BYTES = 16;
const DIRECTIONS: readonly CursorDirection[] = ['after', 'before'];

/**
 * Opaque pagination cursors: base64url of (direction, createdAt, _id) followed by a truncated HMAC-SHA-256 over
 * the Endpoint id and that payload, keyed by a per-process random secret. A cursor points at a position in the
 * ordered index, not at an offset, so it stays meaningful when keys are created or revoked in between.
 */
export function createCursorCodec(secret: Buffer = randomBytes(32)): CursorCodec {
  const mac = (endpointId: string, payload: Buffer): Buffer =>
    createHmac('sha256', secret).update(endpointId).update('\0').update(payload).digest().subarray(0, MAC_BYTES);

  return {
    encode(endpointId, direction, position) {
      const id = Buffer.from(position._id, 'utf8');
      const payload = Buffer.alloc(1 + 4 + id.length);
      payload.writeUInt8(DIRECTIONS.indexOf(direction), 0);
      payload.writeUInt32BE(position.createdAt >>> 0, 1);
      id.copy(payload, 5);
      return Buffer.concat([payload, mac(endpointId, payload)]).toString('base64url');
    },
    decode(endpointId, cursor) {
      const raw = Buffer.from(cursor, 'base64url');
      // Node's base64url decoder skips invalid characters; insist on the canonical spelling.
      if (raw.toString('base64url') !== cursor || raw.length <= 5 + MAC_BYTES) return undefined;
      const payload = raw.subarray(0, raw.length - MAC_BYTES);
      if (!timingSafeEqual(raw.subarray(raw.length - MAC_BYTES), mac(endpointId, payload))) return undefined;
      const direction = DIRECTIONS[payload.readUInt8(0)];
      if (direction === undefined) return undefined;
      return {
        direction,
        position: { createdAt: payload.readUInt32BE(1), _id: payload.subarray(5).toString('utf8') },
      };
    },
  };
}
