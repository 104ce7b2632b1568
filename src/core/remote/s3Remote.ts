// An S3 bucket (or an S3-compatible store: MinIO, Ceph, R2, s3rver in tests) as an object remote,
// through the AWS SDK v3. Credentials come from the SDK's standard chain (environment, ~/.aws,
// instance roles), never from mlops.json, and no error message carries one.
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { RemoteConfig } from '../config/types';
import { isAbort, runPool } from './transferPool';
import { hashOfKey, objectKey } from './objectKey';
import { RemoteAccessError, type ObjectRemote, type RemoteObjectInfo, type TransferOptions } from './types';

/** `s3://bucket/some/prefix` -> bucket and prefix (no slashes at either end; "" for the bucket's root). */
export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) return undefined;
  return { bucket: m[1], prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

/** An endpoint as shown to users: any user:password@ written into it left out. */
export function displayEndpoint(endpoint: string): string {
  return endpoint.replace(/^(https?:\/\/)[^@/]*@/, '$1');
}

interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

function isNotFound(err: unknown): boolean {
  const e = err as SdkError;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

export function s3Remote(name: string, url: string, config: Pick<RemoteConfig, 'endpoint' | 'region' | 'forcePathStyle'>, jobs?: number): ObjectRemote & { jobs?: number } {
  const parsed = parseS3Url(url);
  if (!parsed) throw new RemoteAccessError(`Remote "${name}": "${url}" is not s3://bucket/prefix.`);
  const { bucket, prefix } = parsed;
  const location = `s3://${bucket}${prefix ? '/' + prefix : ''}`;
  const key = (hash: string) => (prefix ? `${prefix}/` : '') + objectKey(hash);
  // The SDK is loaded on first use: a restore or `mlops --help` need not pay for parsing it.
  let client: S3Sdk.S3Client | undefined;
  let sdk: typeof S3Sdk | undefined;
  const connect = async () => {
    // The SDK warns on Node 20 that its releases after January 2027 will need Node 22; the range in
    // package.json is pinned to releases that support Node 20 (README, dependencies), so the notice
    // is not the user's to act on. Setting the variable to anything else shows it again.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    sdk ??= await import('@aws-sdk/client-s3');
    client ??= new sdk.S3Client({
      region: config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle ?? false,
      // Checksums only where S3 requires them: S3-compatible stores often reject the newer trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return { client, sdk };
  };
  const where = `${location}${config.endpoint ? ` at ${displayEndpoint(config.endpoint)}` : ''}`;

  /** The SDK's error as a RemoteAccessError: its name and HTTP status, the fix, never its details (they can echo a key id). */
  const failed = (doing: string, err: unknown): never => {
    if (isAbort(err)) throw err;
    const e = err as SdkError;
    const status = e?.$metadata?.httpStatusCode;
    const what = [e?.name ?? e?.code ?? 'Error', status ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
    const code = e?.code ?? '';
    let fix: string;
    if (/Credential|InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken|InvalidToken/i.test(`${e?.name} ${code}`)) fix = 'check the AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or ~/.aws/credentials)';
    else if (status === 403 || e?.name === 'AccessDenied') fix = `give these credentials access to s3://${bucket}${prefix ? '/' + prefix : ''} (s3:GetObject, s3:PutObject, s3:ListBucket)`;
    else if (e?.name === 'NoSuchBucket') fix = `create the bucket ${bucket}, or fix remotes.${name}.url in mlops.json`;
    else if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|TimeoutError/.test(`${code} ${e?.name}`)) fix = `check that the endpoint is reachable (remotes.${name}.endpoint in mlops.json${config.endpoint ? '' : ', needed for an S3-compatible store'})`;
    else if (status === 301 || e?.name === 'PermanentRedirect' || e?.name === 'AuthorizationHeaderMalformed') fix = `set remotes.${name}.region in mlops.json to the bucket's region`;
    else fix = `check remotes.${name} in mlops.json (endpoint, region, forcePathStyle) and the credentials`;
    throw new RemoteAccessError(`Remote "${name}" (${where}): ${doing} failed (${what}): ${fix}.`);
  };

  return {
    name,
    location,
    kind: 's3',
    jobs,
    async has(hashes: readonly string[], opts: TransferOptions = {}): Promise<Set<string>> {
      const present = new Set<string>();
      const { client, sdk } = await connect();
      const r = await runPool(hashes.map((hash) => ({ hash, size: 0 })), async ({ hash }, signal) => {
        try {
          await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key(hash) }), { abortSignal: signal });
          present.add(hash);
        } catch (err) {
          if (!isNotFound(err)) failed(`checking object ${hash.slice(0, 12)}`, err);
        }
      }, { jobs: Math.max(jobs ?? 0, 16), signal: opts.signal, phase: 'checking' });
      if (r.failed.length) throw r.failed[0].error;
      return present;
    },
    async *list(opts: TransferOptions = {}): AsyncIterable<RemoteObjectInfo> {
      const { client, sdk } = await connect();
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: (prefix ? `${prefix}/` : '') + 'objects/', ContinuationToken: token }), { abortSignal: opts.signal });
        } catch (err) {
          return failed('listing objects', err);
        }
        for (const o of page.Contents ?? []) {
          const hash = o.Key ? hashOfKey(o.Key) : undefined;
          if (hash) yield { hash, size: o.Size ?? 0 };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async put(hash: string, file: string, size: number, opts: TransferOptions = {}): Promise<void> {
      // PutObject is atomic: the key shows the whole object or none, so no temp key is needed.
      const { client, sdk } = await connect();
      const body = fs.createReadStream(file);
      try {
        await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key(hash), Body: body, ContentLength: size, ContentType: 'application/octet-stream' }), { abortSignal: opts.signal });
      } catch (err) {
        failed(`uploading object ${hash.slice(0, 12)}`, err);
      } finally {
        body.destroy();
      }
    },
    async get(hash: string, dest: string, opts: TransferOptions = {}): Promise<void> {
      const { client, sdk } = await connect();
      try {
        const r = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key(hash) }), { abortSignal: opts.signal });
        await pipeline(r.Body as Readable, fs.createWriteStream(dest), { signal: opts.signal });
      } catch (err) {
        if (isNotFound(err)) throw new RemoteAccessError(`Remote "${name}" (${location}) has no object ${hash}: push it from a workspace that has it.`);
        failed(`downloading object ${hash.slice(0, 12)}`, err);
      }
    },
    close() {
      client?.destroy();
    },
  };
}
