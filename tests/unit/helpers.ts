/**
 * Shared by the unit tests of each kind: check and diff (offline handlers whose client throws on
 * use), the schemas (issue paths and messages of a failed parse) and read (stubbed OneSignal answers).
 */
import type { z } from "zod";
import type { OneSignalApi } from "../../provider/resources/api";
import { formatIssues } from "../../provider/schemas";
import { offlineHandlers, PROVIDER } from "../provider/helpers";

export const h = offlineHandlers();
export const APP = "5a6f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f";
export const ORG = "7b5a5d46-3c53-4b6b-8b0f-f1b1c9d1a001";

export async function failures(
  kind: "app" | "apiKey" | "segment" | "template",
  news: Record<string, unknown>,
) {
  const r = await h[kind].check({}, { ...news, __provider: PROVIDER });
  return r.failures;
}

export async function properties(
  kind: "app" | "apiKey" | "segment" | "template",
  news: Record<string, unknown>,
) {
  return (await failures(kind, news)).map(failureProperty);
}

/**
 * The property a failure is about. Failures on secret properties leave `property` empty (the engine
 * would print the value it finds under it) and name the property at the start of the reason.
 */
export function failureProperty(f: { property: string; reason: string }): string {
  if (f.property !== "") return f.property;
  return /^([^:\s]+): /.exec(f.reason)?.[1] ?? "";
}

/** Registers the file's final assertion that every check ran against a client that throws on use. */
export function checkMakesNoRequest(): void {
  afterAll(() => {
    // Every check above ran against a client that throws on use.
    expect(h.ctx.apiCalls).toBe(0);
  });
}

/** Issue paths of a failed parse (fails the test if the parse succeeded). */
export function paths(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  if (r.success) throw new Error(`expected a validation failure for ${JSON.stringify(input).slice(0, 200)}`);
  return formatIssues(r.error.issues).map((i) => i.path);
}
export function messages(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a validation failure");
  return formatIssues(r.error.issues).map((i) => `${i.path}: ${i.message}`);
}

export const P = { __provider: PROVIDER };
export const APP2 = "6b7f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f";

type Kind = "app" | "apiKey" | "segment" | "template";
/** One diff decision: which keys replace, whether anything changes, deleteBeforeReplace. */
export interface DiffRow {
  title: string;
  kind: Kind;
  olds: Record<string, unknown>;
  news: Record<string, unknown>;
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}

/** Registers one test per row (offline handlers), then that none of them made an HTTP request. */
export function diffCases(rows: DiffRow[]): void {
  describe.each(rows)("$title", (row) => {
    it("decides as expected", async () => {
      const d = await h[row.kind].diff("id-1", row.olds, row.news);
      expect(d.changes).toBe(row.changes);
      if (row.replaces) expect(d.replaces).toEqual(row.replaces);
      if (row.deleteBeforeReplace !== undefined) expect(d.deleteBeforeReplace).toBe(row.deleteBeforeReplace);
    });
  });

  it("makes no HTTP request", () => {
    expect(h.ctx.apiCalls).toBe(0);
  });
}

/** A OneSignalApi stub answering only the given operations. */
export function stub(partial: Record<string, Record<string, (...a: unknown[]) => unknown>>): OneSignalApi {
  return partial as unknown as OneSignalApi;
}

/** Whether a read's outputs are struct-safe: no undefined or null anywhere. */
export function noUndefinedOrNull(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.every(noUndefinedOrNull);
  if (typeof v === "object") return Object.values(v as object).every(noUndefinedOrNull);
  return true;
}
