/**
 * Shared by the unit tests of check (offline handlers whose client throws on use) and of the
 * schemas (issue paths and messages of a failed parse).
 */
import type { z } from "zod";
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
  return (await failures(kind, news)).map((f) => f.property);
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
