// What a run's resources and cost are measured in (store/migrations.ts version 7, runs.cpu_seconds ...).
import type { Prices } from '../config/types';

export type { Prices };

/** Measured over a run's whole process tree while it ran. */
export interface RunUsage {
  cpuSeconds: number;
  /** Undefined where nvidia-smi is absent. */
  gpuSeconds?: number;
  /** Mean utilisation (percent) of the GPUs the run used, while it used them. */
  gpuUtil?: number;
}

export interface Cost {
  amount: number;
  /** ISO 4217, USD unless the prices say otherwise. */
  currency: string;
}
