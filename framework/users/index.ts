/** @module Users of a multi-user app (issue 26): keys, joining, signed requests. Browser-safe. */
export { generateUserKeys, exportUserKeys, importUserKeys, parseJoinCard, type JoinCard, type UserKeys, type UserKeysExport } from './keys.ts';
export { parseJoin, joinMessage, keyChangeMessage, bindJoin, readBoundKeys, JOIN_WINDOW_MS, type JoinMessage, type BoundKeys, type JoinOutcome } from './join.ts';
export { signRequest, parseRequest, verifyRequest, requestDigest, REQUEST_WINDOW_MS, type RequestEnvelope, type SignedRequest } from './request.ts';
export { findBlock, formatBlock, MAX_BODY_CHARS, MAX_BLOCK_BYTES, type BlockKind } from './block.ts';
export { authoredText, eventBody, type AuthoredText } from './sender.ts';
export { canonicalJson } from './canonical.ts';
export { isUserId, userKeysKey } from '../contract/users.ts';
