// The Overview's data, produced by core and rendered by the webview: shared by both sides.

export interface RunsPerDay {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  status: string;
  runs: number;
}

export interface OverviewCounts {
  runs: number;
  runningRuns: number;
  datasets: number;
  datasetVersions: number;
  models: number;
  modelVersions: number;
}

/** One ISO week (Monday, UTC) of what runs cost. */
export interface CostWeek {
  /** The week's Monday, YYYY-MM-DD (UTC). */
  week: string;
  /** Sum of the costs of the runs that ended that week, in OverviewCost.currency. */
  cost: number;
  /** CPU hours those runs used (priced or not). */
  cpuHours: number;
}

/** What one dataset keeps in the object cache: every version's bytes, objects it shares with others counted in each. */
export interface DatasetStorage {
  dataset: string;
  bytes: number;
  /** A month of storing those bytes at storageGbMonth; absent without that price. */
  monthlyCost?: number;
}

/** The Overview's cost section: what runs cost per week and what each dataset takes on disk. */
export interface OverviewCost {
  /** mlops.json's top-level prices: whether it names a compute price and a storage price. */
  computePrices: boolean;
  storagePrice: boolean;
  currency: string;
  /** The last 12 weeks, oldest first, a week without runs at 0. */
  weeks: CostWeek[];
  /** Largest first. */
  storage: DatasetStorage[];
}

export interface OverviewData {
  counts: OverviewCounts;
  runsPerDay: RunsPerDay[];
  /** Absent in data from before the cost section (a panel restored from its saved state). */
  cost?: OverviewCost;
  generatedAt: string;
}
