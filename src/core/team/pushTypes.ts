// What push needs: the part of teamConnect's TeamDb it uses (statements, transactions on one client
// for COPY, the error mapping for streams), and its options.
import type { TeamDb } from './teamConnect';
import type { PushProgress } from './types';

export type TeamQueryable = Pick<TeamDb, 'display' | 'query' | 'transaction'> & Partial<Pick<TeamDb, 'error'>>;

export interface PushOptions {
  /** Runs, dataset versions / datasets, model versions / models to push; none = everything. */
  refs?: string[];
  /** Objects the remote lacks (failed or never uploaded): records needing one stay here. */
  unavailableObjects?: ReadonlySet<string>;
  signal?: AbortSignal;
  onProgress?: (p: PushProgress) => void;
  /** Bounds of one server transaction (defaults: 100 runs or 50,000 metric rows; 500 other records, 1,000 audit entries). */
  batch?: { runs?: number; metricRows?: number; records?: number };
}
