import type { Cost, RunUsage } from '../../core/cost/types';
import { formatCost } from '../../shared/costFormat';
import { formatDuration } from '../../shared/format';

/** Seconds of CPU or GPU time as read at a glance: "0 s", "12.3 s", "4m 05s". */
function seconds(s: number): string {
  return s === 0 ? '0 s' : formatDuration(s * 1000);
}

/**
 * "CPU 12.3 s · GPU 0 s · cost $0.01": a run's measured time and its cost, as the Runs view's tooltip
 * and the running-runs status bar say it. GPU only where nvidia-smi measured it, cost only with prices.
 */
export function usageText(usage: RunUsage, cost?: Cost): string {
  return [`CPU ${seconds(usage.cpuSeconds)}`, usage.gpuSeconds !== undefined ? `GPU ${seconds(usage.gpuSeconds)}` : '', cost ? `cost ${formatCost(cost)}` : ''].filter(Boolean).join(' · ');
}
