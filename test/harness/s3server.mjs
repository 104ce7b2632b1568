// A real S3-protocol server (s3rver) on a loopback port for tests: a fresh temp directory, silent,
// with the given buckets. Sets nothing global: tests pass the endpoint to the code under test and
// put AWS_ACCESS_KEY_ID=S3RVER / AWS_SECRET_ACCESS_KEY=S3RVER in its environment.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import S3rver from 's3rver';

/** @returns {Promise<{ endpoint: string, directory: string, objectFile(bucket: string, key: string): string, stop(): Promise<void> }>} */
export async function startS3Server({ buckets = ['team'] } = {}) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { address, port } = await server.run();
  let stopped = false;
  return {
    endpoint: `http://${address}:${port}`,
    directory,
    /** Where s3rver keeps an object's bytes on disk (to corrupt it in a test). */
    objectFile: (bucket, key) => path.join(directory, bucket, `${key}._S3rver_object`),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
