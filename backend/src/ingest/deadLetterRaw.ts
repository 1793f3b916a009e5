// What a dead letter keeps of the refused payload: the whole of anything within the event size
// limit, and of a larger one only its first bytes with its length and SHA-256. A feed that writes
// megabyte entries must not fill the dead-letter stream (and every page of /api/dead-letters) with
// them; the length and hash still say what it was and let an operator match it to the original.
import { createHash } from 'node:crypto';
import { MAX_EVENT_BYTES } from '@torch/shared';

/** Bytes of a refused payload kept in its dead letter: a payload within the event limit is kept whole. */
export const DEAD_LETTER_RAW_BYTES = MAX_EVENT_BYTES;

export interface BoundedRaw {
  /** The payload, or its first DEAD_LETTER_RAW_BYTES bytes (cut at a character boundary). */
  raw: string;
  /** The payload's length in UTF-8 bytes. */
  rawBytes: number;
  /** Hex SHA-256 of the whole payload (UTF-8). */
  rawSha256: string;
  truncated: boolean;
}

export function boundRaw(raw: string, limit = DEAD_LETTER_RAW_BYTES): BoundedRaw {
  const bytes = Buffer.from(raw, 'utf8');
  const rawSha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length <= limit) return { raw, rawBytes: bytes.length, rawSha256, truncated: false };
  // Step back over UTF-8 continuation bytes so that no character is cut in half.
  let end = limit;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return { raw: bytes.subarray(0, end).toString('utf8'), rawBytes: bytes.length, rawSha256, truncated: true };
}
