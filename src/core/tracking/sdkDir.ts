import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The folder holding mlops_workbench.py, seen from a bundle in dist/ or a source file in src/*:
 * the launcher puts it on a run's PYTHONPATH.
 */
export function findSdkDir(fromDir: string): string {
  const candidates = [path.join(fromDir, '..', 'src', 'sdk', 'python'), path.join(fromDir, '..', 'sdk', 'python'), path.join(fromDir, '..', '..', 'src', 'sdk', 'python')];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'mlops_workbench.py')));
  if (!found) throw new Error(`mlops_workbench.py not found near ${fromDir}: the installation is incomplete; reinstall MLOps Workbench.`);
  return found;
}
