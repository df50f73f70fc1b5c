export { EmbeddingTable, VALUE_BYTES, createEmbeddingTable, warmStartTable } from './embedding-table.js';
export type { EmbeddingInitOptions, WarmStartOptions } from './embedding-table.js';
export { raggedOffsets } from './ragged-offsets.js';
export { RaggedAdam } from './ragged-adam.js';
export type { AdamOptions } from './ragged-adam.js';
export { encodeEmbeddingTable, decodeEmbeddingTable, TABLE_FORMAT } from './table-format.js';
export type { TableHeader, EncodeOptions, DecodedTable } from './table-format.js';
export { crc32 } from './crc32.js';
