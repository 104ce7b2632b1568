import { findNodeAtLocation, parseTree } from 'jsonc-parser';

export interface RunLocation {
  name: string;
  /** Character offset of the run's key in mlops.json. */
  offset: number;
  hasSweep: boolean;
}

/** Where each run config sits in the mlops.json text, for CodeLens above it (tolerates broken JSON). */
export function runLocations(text: string): RunLocation[] {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const runs = tree ? findNodeAtLocation(tree, ['runs']) : undefined;
  if (!runs || runs.type !== 'object') return [];
  return (runs.children ?? []).flatMap((prop) => {
    const [key, value] = prop.children ?? [];
    if (!key || typeof key.value !== 'string') return [];
    const hasSweep = value?.type === 'object' && (value.children ?? []).some((p) => p.children?.[0]?.value === 'sweep');
    return [{ name: key.value, offset: prop.offset, hasSweep }];
  });
}
