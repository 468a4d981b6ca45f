/**
 * Peak memory of the processes an operation starts, read from /proc (Linux only).
 *
 * Method: every `intervalMs` the sampler lists /proc, keeps the `node` processes whose working
 * directory is the benchmark program's directory (the engine starts both the program and the
 * dynamic-provider host there, so other people's concurrent runs never match), and classifies them
 * by command line: `.../@pulumi/pulumi/cmd/dynamic-provider ...` is the provider host, anything else
 * with that cwd is the program (language host's `node .../run`). For each it reads `VmHWM` from
 * /proc/<pid>/status: the kernel's own high-water mark of resident memory since the process
 * started, so a peak between two samples is not missed as long as the process is sampled at least
 * once before it exits (operations take seconds; samples are 100 ms apart). The max over all
 * matching processes of the operation is reported.
 */
import * as fs from "node:fs";

export interface MemPeaks {
  /** Peak RSS (VmHWM) of the dynamic-provider host process(es), MiB; 0 when none was seen. */
  providerMiB: number;
  /** Peak RSS of the program process, MiB. */
  programMiB: number;
  /** Provider processes seen. */
  providerProcs: number;
  samples: number;
}

function statusKiB(pid: string, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export class ProcSampler {
  private timer: NodeJS.Timeout | undefined;
  private peaks = new Map<string, { kind: "provider" | "program"; kib: number }>();
  private samples = 0;
  private readonly enabled = process.platform === "linux" && fs.existsSync("/proc/self/status");

  constructor(
    private readonly workDir: string,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    if (!this.enabled) return;
    this.peaks.clear();
    this.samples = 0;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): MemPeaks {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    let providerKiB = 0;
    let programKiB = 0;
    let providerProcs = 0;
    for (const p of this.peaks.values()) {
      if (p.kind === "provider") {
        providerProcs++;
        providerKiB = Math.max(providerKiB, p.kib);
      } else programKiB = Math.max(programKiB, p.kib);
    }
    return {
      providerMiB: providerKiB / 1024,
      programMiB: programKiB / 1024,
      providerProcs,
      samples: this.samples,
    };
  }

  private sample(): void {
    if (!this.enabled) return;
    this.samples++;
    let pids: string[];
    try {
      pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
    } catch {
      return;
    }
    for (const pid of pids) {
      let cwd: string;
      let cmdline: string;
      try {
        cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
        if (cwd !== this.workDir) continue;
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      } catch {
        continue; // gone, or not ours to read
      }
      const exe = cmdline.split(" ")[0] ?? "";
      if (!/(^|\/)node$/.test(exe)) continue; // the shim's shell, the language host (Go), pulumi itself
      const kind = cmdline.includes("dynamic-provider") ? "provider" : "program";
      const kib = statusKiB(pid, "VmHWM");
      const prev = this.peaks.get(pid);
      if (!prev || kib > prev.kib) this.peaks.set(pid, { kind, kib });
    }
  }
}
