// The stream protocol moved to @scall/stream-protocol. These names stay here, deprecated,
// so that code importing them from @scall/datasets keeps working; they are the very same
// values and types (a class re-exported here is the class there, so `instanceof` holds).
import * as protocol from '@scall/stream-protocol';

/** @deprecated Import `DedupePolicy` from `@scall/stream-protocol`. */
export type DedupePolicy = protocol.DedupePolicy;
/** @deprecated Import `SegmenterOptions` from `@scall/stream-protocol`. */
export type SegmenterOptions = protocol.SegmenterOptions;
/** @deprecated Import `StreamProtocol` from `@scall/stream-protocol`. */
export type StreamProtocol = protocol.StreamProtocol;
/** @deprecated Import `StreamProtocolOptions` from `@scall/stream-protocol`. */
export type StreamProtocolOptions = protocol.StreamProtocolOptions;
/** @deprecated Import `UserItemCsr` from `@scall/stream-protocol`. */
export type UserItemCsr = protocol.UserItemCsr;
/** @deprecated Import `StreamDataset` from `@scall/stream-protocol`. */
export type StreamDataset = protocol.StreamDataset;
/** @deprecated Import `CsrTripleSampler` from `@scall/stream-protocol`. */
export type CsrTripleSampler = protocol.CsrTripleSampler;
/** @deprecated Import `CsrTripleSampler` from `@scall/stream-protocol`. */
export const CsrTripleSampler = protocol.CsrTripleSampler;
/** @deprecated Import `buildStream` from `@scall/stream-protocol`. */
export const buildStream = protocol.buildStream;
