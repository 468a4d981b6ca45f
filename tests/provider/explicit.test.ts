/**
 * An explicit onesignal.Provider fails closed: its client checks, before the first call, that the
 * organization key's apps belong to the organization id it was given.
 */
import { forgetVerified, verifiedApi } from "../../provider/explicit";
import { errorGuards } from "../../provider/resources/clientFactory";
import { createClient } from "../../provider/resources/clientFactory";
import type { Settings } from "../../provider/resources/protocol";
import { useWorld } from "../helpers/world";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Org one app", key: false } });

function apiFor(organizationApiKey: string, organizationId: string) {
  const s: Settings = { apiUrl: w.emu.url, organizationApiKey, organizationId, requestTimeoutMs: 5000 };
  return verifiedApi(createClient(s), s, errorGuards);
}

beforeEach(() => forgetVerified());

describe("explicit provider", () => {
  it("works when the key and the id are one organization's, checking once", async () => {
    const api = apiFor(w.emu.organizationApiKey, w.emu.organizationId);
    w.emu.resetCounters();
    await expect(api.apps.get(w.appId)).resolves.toMatchObject({ id: w.appId });
    await api.apiKeys.list(w.appId);
    const c = w.emu.counters().routes;
    expect(c["GET /apps"]?.count).toBe(1);
  });

  it("refuses, sending nothing else, when the key's apps are in another organization", async () => {
    const other = w.emu.state.createOrganization({ name: "two" });
    const api = apiFor(w.emu.organizationApiKey, other.id);
    w.emu.resetCounters();
    await expect(api.apiKeys.create(w.appId, { name: "k" })).rejects.toThrow(
      `onesignal.Provider: its organizationApiKey belongs to organization ${w.emu.organizationId}, not to the organizationId it was given (${other.id}); nothing was sent`,
    );
    expect(Object.keys(w.emu.counters().routes)).toEqual(["GET /apps"]);
    expect(w.emu.state.list("apiKeys", { appId: w.appId })).toHaveLength(0);
  });

  it("a refused key says so without the key; missing settings say which", async () => {
    const wrong = "os_v2_org_wrongwrongwrongwrongwrong";
    const err = await apiFor(wrong, w.emu.organizationId)
      .apps.list()
      .catch((e: Error) => e);
    expect(String(err)).toMatch(
      /onesignal.Provider for organization .*: OneSignal refused its organizationApiKey \(403\)/,
    );
    expect(String(err)).not.toContain(wrong);
    const s: Settings = { apiUrl: w.emu.url, organizationId: w.emu.organizationId, requestTimeoutMs: 5000 };
    await expect(verifiedApi(createClient(s), s, errorGuards).apps.list()).rejects.toThrow(
      /organizationApiKey and organizationId are both required; an explicit provider never takes them from the environment/,
    );
  });
});
