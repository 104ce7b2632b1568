import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

export interface RunLocation {
  name: string;
  /** Character offset of the run's key in mlops.json. */
  offset: number;
  hasSweep: boolean;
}

/** Each entry of a top-level section of mlops.json ("runs", "pipelines"): its key and value nodes (tolerates broken JSON). */
function sectionEntries(text: string, section: string): { name: string; offset: number; value: Node | undefined }[] {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const entries = tree ? findNodeAtLocation(tree, [section]) : undefined;
  if (!entries || entries.type !== 'object') return [];
  return (entries.children ?? []).flatMap((prop) => {
    const [key, value] = prop.children ?? [];
    if (!key || typeof key.value !== 'string') return [];
    return [{ name: key.value, offset: prop.offset, value }];
  });
}

/** Where each run config sits in the mlops.json text, for CodeLens above it. */
export function runLocations(text: string): RunLocation[] {
  return sectionEntries(text, 'runs').map(({ name, offset, value }) => ({
    name,
    offset,
    hasSweep: value?.type === 'object' && (value.children ?? []).some((p) => p.children?.[0]?.value === 'sweep'),
  }));
}

/** Where each pipeline sits in the mlops.json text (the character offset of its key), for CodeLens above it. */
export function pipelineLocations(text: string): { name: string; offset: number }[] {
  return sectionEntries(text, 'pipelines').map(({ name, offset }) => ({ name, offset }));
}
