import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes an `nvidia-smi` stand-in into `dir`, a real executable answering the two queries the usage
 * meter makes: the process whose pid is in `pidFile` (written once the test knows it) is on `gpus`,
 * pid 1 on `otherGpu` (which the run must not be charged for), and each GPU's utilisation is `util`.
 */
export function fakeNvidiaSmi(dir: string, pidFile: string, gpus: string[], util: Record<string, string>, otherGpu?: string): void {
  const apps = gpus.map((g) => `echo "$p, ${g}"`).join('; ');
  const utils = Object.entries(util).map(([g, u]) => `echo "${g}, ${u}"`).join('; ');
  fs.writeFileSync(
    path.join(dir, 'nvidia-smi'),
    `#!/bin/sh
case "$1" in
  --query-compute-apps=*) p=$(cat "${pidFile}" 2>/dev/null); [ -n "$p" ] && { ${apps}; }; ${otherGpu ? `echo "1, ${otherGpu}"` : 'true'} ;;
  --query-gpu=*) ${utils} ;;
esac
`,
    { mode: 0o755 },
  );
}
