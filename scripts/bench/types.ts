/** Shapes of the benchmark's results (bench/results/latest.json). */

export type Variant = "ours" | "floor";
export const OPS = ["up", "preview", "noopUp", "refresh", "previewRefresh", "update", "destroy"] as const;
export type Op = (typeof OPS)[number];

export const OP_LABELS: Record<Op, string> = {
  up: "up (create all)",
  preview: "no-op preview",
  noopUp: "no-op up",
  refresh: "no-op refresh",
  previewRefresh: "no-op preview --refresh",
  update: "update 10%",
  destroy: "destroy",
};

export interface Requests {
  total: number;
  /** GET requests. */
  reads: number;
  /** POST, PUT, PATCH, DELETE requests. */
  writes: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, number>;
}

export interface OpSample {
  seconds: number;
  /** Changes the engine reported (parsed from the CLI's summary). */
  changes: Record<string, number>;
  requests: Requests;
  providerPeakMiB: number;
  programPeakMiB: number;
}

export interface StateStats {
  resources: number;
  /** Whole exported deployment / resources. */
  checkpointBytesPerResource: number;
  /** Mean JSON size of one resource entry (inputs, outputs, URN, dependencies, …) per kind and overall. */
  bytesPerResource: Record<string, number>;
  /**
   * Mean size of what the provider controls: the JSON of `inputs` + `outputs` (both carrying
   * `__provider`), per kind and overall. The rest of an entry is the engine's (URN, parent, provider
   * reference, dependencies, property dependencies, timestamps, source position and stack trace).
   */
  payloadBytesPerResource: Record<string, number>;
  /** Length of `outputs.__provider` per kind (it is stored twice: inputs and outputs). */
  providerBytes: Record<string, number>;
}

export interface SizeResult {
  n: number;
  apps: number;
  /** Per op and variant: one sample per repetition. */
  samples: Record<Op, Record<Variant, OpSample[]>>;
  state: Record<Variant, StateStats | undefined>;
}

export interface RateLimitedResult {
  templates: number;
  /** The floor the limit imposes: templates × 1 s. */
  limitFloorSeconds: number;
  upSeconds: number;
  upRequests: Requests;
  refreshSeconds: number;
  refreshRequests: Requests;
  refreshChanges: Record<string, number>;
  refreshExitCode: number;
  /** Same refresh with the no-op provider: what the engine alone costs. */
  engineFloorRefreshSeconds: number;
  ratioToLimitFloor: number;
  failedOps: number;
  status429: number;
  /**
   * A refresh after `changed` templates (5 %) were edited out of band: its time, the template views
   * it made (`GET /templates/{id}`: exactly `changed` when only what changed is viewed) and the
   * drift the engine reported. Absent in runs from before issue 17.
   */
  changedRefresh?: {
    changed: number;
    seconds: number;
    views: number;
    requests: Requests;
    changes: Record<string, number>;
    exitCode: number;
  };
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  pulumiCli: string;
  pulumiNodeSdk: string;
  os: string;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  startedAt: string;
  durationSeconds: number;
}

export interface BenchResults {
  machine: Machine;
  options: {
    sizes: number[];
    reps: number;
    rateLimitTemplates: number;
    quick: boolean;
    /** How pulumi-onesignal reaches the programs: a copy in node_modules (as npm installs it) or a symlink. */
    install: "installed" | "linked";
    /** The package benchmarked ("." = this repository's build). */
    package: string;
  };
  sizes: SizeResult[];
  rateLimited?: RateLimitedResult;
  /**
   * `__provider` bytes per kind as the serializer writes it when the package is linked (workspaces,
   * `file:`): by value, since the module is outside node_modules. Absent in runs from before issue 17.
   */
  linkedProviderBytes?: Record<string, number>;
  /** Failed commands. */
  errors: string[];
  /** Change summaries that differ from what the op must produce (e.g. a no-op preview planning updates). */
  anomalies: string[];
}
