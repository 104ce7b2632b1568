// Workspaces with versioned data and the two kinds of remote, for the remote tests: a shared folder
// on disk and a real S3-protocol server (s3rver) on loopback, driven through the real AWS SDK.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlopsConfig, RemoteConfig } from '../../../src/core/config/types';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { dataWorkspace } from '../data/helpers';
import { tempWorkspace } from '../tempWorkspace';
// @ts-expect-error: a plain ES module of the test harness, without types
import { startS3Server } from '../../harness/s3server.mjs';

export type RemoteKind = 'folder' | 's3';
export const kinds: RemoteKind[] = ['folder', 's3'];

export interface S3Server {
  endpoint: string;
  directory: string;
  objectFile(bucket: string, key: string): string;
  stop(): Promise<void>;
}

/** A remote's config for `kind`: a fresh folder, or a prefix of a bucket on a started s3rver. */
export async function remoteConfig(kind: RemoteKind): Promise<{ config: RemoteConfig; stop: () => Promise<void>; server?: S3Server; folder?: string }> {
  if (kind === 'folder') {
    const folder = fs.realpathSync(tempWorkspace('mlops-remote-'));
    return { config: { url: folder }, folder, stop: async () => {} };
  }
  // The code under test finds the credentials through the SDK's standard chain: the environment.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  const server = (await startS3Server({ buckets: ['team'] })) as S3Server;
  return { config: { url: 's3://team/shared/mlops', endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true }, server, stop: () => server.stop() };
}

/** A workspace whose mlops.json names the remote "team", with a file dataset and a folder dataset versioned. */
export async function workspaceWithData(remote?: RemoteConfig, opts: { files?: number; fileBytes?: number } = {}) {
  const w = dataWorkspace({ train: 'data/train.csv', images: 'img' });
  const config: MlopsConfig = { ...w.config, ...(remote ? { remotes: { team: remote } } : {}) };
  fs.writeFileSync(path.join(w.root, 'mlops.json'), JSON.stringify({ datasets: { train: 'data/train.csv', images: 'img' }, ...(remote ? { remotes: { team: remote } } : {}) }, null, 2));
  w.write('data/train.csv', 'id,y\n1,0\n2,1\n');
  await versionDataset(w.store, w.root, config, 'train');
  w.write('data/train.csv', 'id,y\n1,0\n2,1\n3,1\n');
  await versionDataset(w.store, w.root, config, 'train');
  const files = opts.files ?? 3;
  for (let i = 0; i < files; i++) w.write(`img/${i}.bin`, distinctBytes(opts.fileBytes ?? 1000, i));
  await versionDataset(w.store, w.root, config, 'images');
  return { ...w, config };
}

/** A workspace with no data at all: a teammate's fresh clone, to pull into. */
export function bareWorkspace() {
  return dataWorkspace({});
}

/** `n` bytes that differ with `seed` (so every file is its own object). */
export function distinctBytes(n: number, seed: number): Buffer {
  const buf = Buffer.alloc(n);
  let x = (seed + 1) * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    buf[i] = x >>> 24;
  }
  return buf;
}
