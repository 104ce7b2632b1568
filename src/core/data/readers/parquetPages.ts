// Page-level integrity of a Parquet row group, checked before its values are trusted. A damaged byte
// in an uncompressed page (or one that still decompresses) decodes to wrong values without an error,
// so each page is held to its CRC-32 where the writer stored one (PageHeader.crc: the checksum of the
// page bytes after the header, as written), and every file's pages to the sizes and value counts of
// the metadata.
import * as zlib from 'node:zlib';
import type { AsyncBuffer, ColumnChunk, PageHeader, RowGroup } from 'hyparquet' with { 'resolution-mode': 'import' };

type ParquetHeader = (reader: { view: DataView; offset: number }) => PageHeader;

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (ISO-HDLC, as zlib and the Parquet spec define it); zlib's own where the runtime has it. */
export function crc32(bytes: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native) return native(bytes) >>> 0;
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** What is wrong with one column chunk's pages, or undefined. */
function checkChunk(bytes: Uint8Array, chunk: ColumnChunk, parquetHeader: ParquetHeader): string | undefined {
  const meta = chunk.meta_data!;
  const column = meta.path_in_schema.join('.');
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let values = 0;
  for (let page = 1; reader.offset < bytes.length; page++) {
    let header: PageHeader;
    try {
      header = parquetHeader(reader);
    } catch (err) {
      return `column ${column}, page ${page}: its header cannot be read (${(err as Error).message})`;
    }
    const size = header.compressed_page_size;
    if (!(size >= 0) || reader.offset + size > bytes.length) {
      return `column ${column}, page ${page}: ${size} bytes run past the column chunk's ${bytes.length}`;
    }
    const body = bytes.subarray(reader.offset, reader.offset + size);
    reader.offset += size;
    if (header.crc !== undefined && header.crc !== null && crc32(body) !== header.crc >>> 0) {
      return `column ${column}, page ${page}: the CRC-32 checksum does not match the page's bytes (they were damaged after writing)`;
    }
    if (meta.codec === 'UNCOMPRESSED' && header.type !== 'DATA_PAGE_V2' && size !== header.uncompressed_page_size) {
      return `column ${column}, page ${page}: an uncompressed page of ${size} bytes where its header says ${header.uncompressed_page_size}`;
    }
    if (header.type === 'DATA_PAGE') values += header.data_page_header?.num_values ?? 0;
    else if (header.type === 'DATA_PAGE_V2') values += header.data_page_header_v2?.num_values ?? 0;
  }
  if (values !== Number(meta.num_values)) return `column ${column}: its pages hold ${values} values where the metadata says ${meta.num_values}`;
  return undefined;
}

/**
 * Checks every column chunk of a row group: each page's checksum when present, page sizes within
 * the chunk, value counts equal to the metadata's. Returns the first problem, or undefined.
 */
export async function checkRowGroupPages(buffer: AsyncBuffer, group: RowGroup, parquetHeader: ParquetHeader): Promise<string | undefined> {
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (!meta) continue;
    const dictionary = meta.dictionary_page_offset !== undefined ? Number(meta.dictionary_page_offset) : undefined;
    const data = Number(meta.data_page_offset);
    // Some writers leave dictionary_page_offset at 0 for a chunk without a dictionary.
    const start = dictionary !== undefined && dictionary > 0 && dictionary < data ? dictionary : data;
    const length = Number(meta.total_compressed_size);
    if (start + length > buffer.byteLength) return `column ${meta.path_in_schema.join('.')}: its pages run past the end of the file`;
    const problem = checkChunk(new Uint8Array(await buffer.slice(start, start + length)), chunk, parquetHeader);
    if (problem) return problem;
  }
  return undefined;
}
