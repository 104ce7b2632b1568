// Damaged Parquet pages are caught, not read as data: checksums where the file has them, sizes and
// value counts against the metadata everywhere. Fixtures: test/fixtures/parquet/generate.py (pyarrow).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { crc32 } from '../../../../src/core/data/readers/parquetPages';
import { TableReadError } from '../../../../src/core/data/readers/types';
import { tempWorkspace } from '../../tempWorkspace';
import { readAll } from './helpers';

const fixture = (name: string) => path.resolve(__dirname, '../../../fixtures/parquet', name);

/** Where a column chunk of a row group starts in the file. */
async function chunkOffset(bytes: Buffer, group: number, column: number): Promise<number> {
  // hyparquet is ESM-only: imported dynamically from this CommonJS test.
  const { parquetMetadata } = await import('hyparquet');
  const meta = parquetMetadata(new Uint8Array(bytes).buffer);
  return Number(meta.row_groups[group].columns[column].meta_data!.data_page_offset);
}

function writeCopy(bytes: Buffer, name: string): string {
  const file = path.join(tempWorkspace(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('CRC-32 is the ISO-HDLC checksum zlib and the Parquet spec use', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

test('intact files with and without checksums read every row', async () => {
  for (const name of ['checksummed.parquet', 'checksummed_snappy.parquet', 'unchecked.parquet']) {
    const { rows } = await readAll(fixture(name));
    assert.equal(rows.length, 600, name);
    assert.deepEqual(rows[599].values, [599, 299.5, 'name-0599'], name);
  }
});

test('a damaged byte in a checksummed page fails with file: row group N and the column, not wrong values', async () => {
  for (const name of ['checksummed.parquet', 'checksummed_snappy.parquet']) {
    const bytes = fs.readFileSync(fixture(name));
    // A byte well inside the first page of row group 2's "score" column (past its header).
    const damaged = Buffer.from(bytes);
    damaged[(await chunkOffset(bytes, 1, 1)) + 60] ^= 0x10;
    const file = writeCopy(damaged, name);
    await assert.rejects(readAll(file), (err: Error) => {
      assert.ok(err instanceof TableReadError, String(err));
      assert.equal(err.line, 301);
      assert.match(err.message, /:301: row group 2 of 2 \(rows 301-600\) cannot be decoded: column score, page 1: the CRC-32 checksum does not match/);
      return true;
    });
  }
});

test('without checksums, a page header whose value count disagrees with the metadata fails at its row group', async () => {
  const bytes = fs.readFileSync(fixture('unchecked.parquet'));
  const start = await chunkOffset(bytes, 1, 0);
  // The data page header's num_values (thrift compact: field 1 of the struct, i32 zigzag varint) follows the
  // struct's field header; the first page holds n values: rewrite n as n - 1 in as many bytes.
  const head = bytes.subarray(start, start + 40);
  const at = head.findIndex((b, i) => (b === 0x2c || b === 0x1c) && head[i + 1] === 0x15);
  assert.ok(at > 0, 'the data page header was found');
  const n = (head[at + 2] & 0x7f) | ((head[at + 3] & 0x7f) << 7);
  assert.ok(n > 64 && n < 8192 && head[at + 2] & 0x80 && !(head[at + 3] & 0x80), `num_values ${n} is a two-byte varint`);
  const damaged = Buffer.from(bytes);
  const fewer = n - 2; // zigzag of (n/2 - 1) values, still two bytes
  damaged[start + at + 2] = (fewer & 0x7f) | 0x80;
  damaged[start + at + 3] = fewer >> 7;
  await assert.rejects(readAll(writeCopy(damaged, 'unchecked.parquet')), (err: Error) => {
    assert.ok(err instanceof TableReadError, String(err));
    assert.match(err.message, /:301: row group 2 of 2 \(rows 301-600\) cannot be decoded: column id: its pages hold 299 values where the metadata says 300/);
    return true;
  });
});
