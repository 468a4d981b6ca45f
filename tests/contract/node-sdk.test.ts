/**
 * Contract: OneSignal's official Node SDK (`@onesignal/node-onesignal`, pinned in devDependencies)
 * keeps working against the emulator. The SDK is generated from the 5.12 spec and is what
 * OneSignal's API reference shows in its Node.js samples, so a user who points it at the emulator
 * must get the answers OneSignal gives: create and view an app, create/view/delete a segment,
 * create/view/delete a template, send a message.
 */
import * as OneSignal from "@onesignal/node-onesignal";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: false });

/** The SDK's API bound to the emulator, with the organization key and (optionally) an app key. */
function sdk(restApiKey?: string): OneSignal.DefaultApi {
  return new OneSignal.DefaultApi(
    OneSignal.createConfiguration({
      baseServer: new OneSignal.ServerConfiguration(w.emu.url, {}),
      organizationApiKey: w.emu.organizationApiKey,
      ...(restApiKey ? { restApiKey } : {}),
    }),
  );
}

/** An app created through the SDK, and an app key for it (the SDK has no API key calls). */
async function sdkApp(name: string): Promise<{ app: OneSignal.App; api: OneSignal.DefaultApi }> {
  const app = await sdk().createApp({ name, organization_id: w.emu.organizationId });
  const key = w.emu.state.issueApiKey(app.id!, { name: "sdk" }).token;
  return { app, api: sdk(key) };
}

describe("the official Node SDK against the emulator", () => {
  test("creates an app and views it", async () => {
    const org = sdk();
    const created = await org.createApp({
      name: "SDK app",
      organization_id: w.emu.organizationId,
      apns_env: "production",
      chrome_web_origin: "https://sdk.example",
      safari_site_origin: "https://sdk.example",
      site_name: "SDK site",
      // create-an-app applies the web push settings only when the whole set comes in one request;
      // an empty p12 asks OneSignal for its own Safari certificate.
      safari_apns_p12: "",
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.name).toBe("SDK app");
    const viewed = await org.getApp(created.id!);
    expect(viewed).toMatchObject({
      id: created.id,
      name: "SDK app",
      apns_env: "production",
      chrome_web_origin: "https://sdk.example",
      site_name: "SDK site",
    });
    expect((await org.getApps()).map((a) => a.id)).toContain(created.id);
  });

  test("creates, views and deletes a segment", async () => {
    const { app, api } = await sdkApp("SDK segments");
    const created = await api.createSegment(app.id!, {
      name: "SDK segment",
      filters: [
        { field: "tag", key: "plan", relation: "=", value: "pro" },
        { operator: "OR" },
        { field: "session_count", relation: ">", value: "3" },
      ],
    });
    expect(created.success).toBe(true);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const viewed = await api.getSegment(app.id!, created.id!, true);
    expect(viewed.payload).toMatchObject({
      id: created.id,
      name: "SDK segment",
      filters: [
        { field: "tag", key: "plan", relation: "=", value: "pro" },
        { operator: "OR" },
        { field: "session_count", relation: ">", value: "3" },
      ],
    });
    const listed = await api.getSegments(app.id!);
    expect(listed.segments?.map((s) => s.name)).toContain("SDK segment");
    expect((await api.deleteSegment(app.id!, created.id!)).success).toBe(true);
    // Gone: the SDK raises OneSignal's 404.
    await expect(api.getSegment(app.id!, created.id!)).rejects.toMatchObject({ code: 404 });
  });

  test("creates, views, updates and deletes a template", async () => {
    const { app, api } = await sdkApp("SDK templates");
    const created = await api.createTemplate({
      app_id: app.id!,
      name: "SDK template",
      contents: { en: "Hello from the SDK" },
      headings: { en: "Hi" },
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const viewed = await api.viewTemplate(created.id!, app.id!);
    expect(viewed).toMatchObject({ id: created.id, name: "SDK template" });
    expect(viewed.content?.contents?.en).toBe("Hello from the SDK");
    const updated = await api.updateTemplate(created.id!, app.id!, {
      name: "SDK template 2",
      contents: { en: "Updated" },
    });
    expect(updated.name).toBe("SDK template 2");
    expect((await api.viewTemplates(app.id!)).templates?.map((t) => t.id)).toContain(created.id);
    expect((await api.deleteTemplate(created.id!, app.id!)).success).toBe(true);
    await expect(api.viewTemplate(created.id!, app.id!)).rejects.toMatchObject({ code: 404 });
  });

  test("sends a message, and a repeat with the same idempotency key is not sent twice", async () => {
    const { app, api } = await sdkApp("SDK messages");
    w.emu.state.addSubscriptions(app.id!, [
      { type: "push", external_id: "u1" },
      { type: "push", external_id: "u2" },
    ]);
    const idempotencyKey = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const message: OneSignal.Notification = {
      app_id: app.id!,
      contents: { en: "Hello" },
      included_segments: ["Subscribed Users"],
      idempotency_key: idempotencyKey,
    };
    const sent = await api.createNotification(message);
    expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
    const again = await api.createNotification(message);
    expect(again.id).toBe(sent.id);
    const sentToNobody = await api.createNotification({
      app_id: app.id!,
      contents: { en: "Hello" },
      include_aliases: { external_id: ["nobody"] },
      target_channel: "push",
    });
    // HTTP 200 without an id: nobody was subscribed, and `errors` says so.
    expect(sentToNobody.id ?? "").toBe("");
    expect(sentToNobody.errors).toBeDefined();
  });

  test("an app key that is not the app's is refused, as OneSignal does", async () => {
    const { app } = await sdkApp("SDK auth");
    await expect(
      sdk("not-a-key").createSegment(app.id!, {
        name: "x",
        filters: [{ field: "session_count", relation: ">", value: "1" }],
      }),
    ).rejects.toMatchObject({ code: 403 });
  });
});
