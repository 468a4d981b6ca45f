import * as pulumi from "@pulumi/pulumi";
import { segmentFields } from "../provider/schemas/segment";
import {
  ownerOf,
  quietStacks,
  secretFields,
  secretInputs,
  withSecretOutputs,
  warnPlainCredentials,
} from "./common";
import segmentProvider = require("./providers/segment");

/**
 * One entry of a segment's `filters` list: a filter, or `{ operator: "OR" }` (filters next to each
 * other are AND-ed; `{ operator: "AND" }` is allowed but implied; AND binds tighter than OR).
 */
export type SegmentFilter =
  | {
      /** `tag`, `last_session`, `first_session`, `session_count`, `session_time`, `language`, `app_version`, `location`, `country`, … */
      field: pulumi.Input<string>;
      /** `>`, `<`, `=`, `!=`, `exists`, `not_exists`, `time_elapsed_gt`, `time_elapsed_lt`, `in_array`, `not_in_array` (per-field subsets apply). */
      relation: pulumi.Input<string>;
      /** Tag key (required for `field: "tag"`). */
      key?: pulumi.Input<string>;
      /** Comparison value, always a string (`"10"`); comma-separated (≤ 20) for `in_array`. Not used with `exists`/`not_exists`. */
      value?: pulumi.Input<string>;
      /** Hours, as a decimal string, for `last_session`/`first_session`. */
      hoursAgo?: pulumi.Input<string>;
      /** `location`: radius in metres. */
      radius?: pulumi.Input<number>;
      /** `location`: latitude. */
      lat?: pulumi.Input<number>;
      /** `location`: longitude. */
      long?: pulumi.Input<number>;
    }
  | { operator: pulumi.Input<"OR" | "AND"> };

/** Inputs of {@link Segment}. */
export interface SegmentArgs {
  /** The app (id). Required. **Changing it replaces the segment** (the old one is deleted first). */
  appId: pulumi.Input<string>;
  /**
   * App API key for the segment calls (e.g. an {@link ApiKey}'s `token`). **Secret.** Optional
   * (also when it resolves to undefined, e.g. the token of an adopted key not yet rotated): falls
   * back to the provider setting `onesignal:appApiKey` / `ONESIGNAL_APP_API_KEY`. Stored in
   * state so refresh and destroy keep working; a new value (e.g. after rotation) is an in-place
   * update with no API call. On a 403 with this key the provider retries once with the fallback.
   */
  apiKey?: pulumi.Input<string | undefined>;
  /** Name, unique within the app, 1–128 characters; messages target segments by it. Required. In place. */
  name: pulumi.Input<string>;
  /** Description, ≤ 255 characters (`""` and absent are the same). In place. */
  description?: pulumi.Input<string>;
  /**
   * 1–200 entries (filters and OR operators count). Required. In place. Order inside an AND group,
   * the order of OR groups and explicit AND operators never cause a diff.
   */
  filters: pulumi.Input<pulumi.Input<SegmentFilter>[]>;
  /**
   * Adopt an existing segment (its id) instead of creating one; the first `up` applies the name,
   * description and filters declared here (no update-segment when it already has them). Consulted
   * only when the resource is created.
   */
  adoptExistingId?: pulumi.Input<string>;
  /**
   * Filter fields outside OneSignal's documented list that `filters` may use: a field OneSignal
   * added after this package was released. Any other field fails at preview (a typo such as
   * `sessions_count` would be refused by OneSignal at `up`). Read only by the preview's check:
   * changing it is never an update.
   */
  extraFilterFields?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Credential inputs (the app key): secret in state as inputs and as outputs. */
const SECRET_INPUTS = secretFields<SegmentArgs>()(segmentFields);

/**
 * A segment of an app (app API key).
 *
 * **Ownership:** the create is sent under a provisional name that carries this resource's marker
 * (`<name> [pulumi:<16 hex>]`) and renamed once confirmed, so a lost answer or an `up` that died
 * is recovered by the next run, and an object that merely resembles this one (another stack's) is
 * never taken over. Take an existing one over on purpose with `adoptExistingId` (docs/design.md).
 * Names are unique per app: a name another segment holds is an error naming that segment's id, even
 * when it is identical.
 *
 * **Segments OneSignal will not return:** once someone adds a message-event or custom-event filter
 * in the dashboard, OneSignal's API refuses to show the segment ("User-based segments … are not yet
 * supported via the API"). Refresh then keeps the last known state and warns; an update still sends
 * the declared filters (which replace the event filters) and destroy still deletes it. Such a
 * segment cannot be adopted or read with `Segment.get`, having no state to start from.
 */
export class Segment extends pulumi.dynamic.Resource {
  declare public readonly appId: pulumi.Output<string>;
  /** The app key given as `apiKey`, if any. **Secret.** */
  declare public readonly apiKey: pulumi.Output<string | undefined>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly filters: pulumi.Output<SegmentFilter[]>;
  /** Creation time, ISO-8601. */
  declare public readonly createdAt: pulumi.Output<string>;
  /**
   * Last change, ISO-8601, as view-segments lists it: set by a refresh (view-segment does not give
   * it), cleared by an update. A refresh answers from state while the list shows it unchanged.
   */
  declare public readonly updatedAt: pulumi.Output<string | undefined>;
  /** `default`, `custom` or `quickstart`. */
  declare public readonly source: pulumi.Output<string | undefined>;
  /** The input `adoptExistingId`, if given. */
  declare public readonly adoptExistingId: pulumi.Output<string | undefined>;
  /** The input `extraFilterFields`, if given. */
  declare public readonly extraFilterFields: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: SegmentArgs, opts?: pulumi.CustomResourceOptions) {
    warnPlainCredentials();
    const props = {
      // Every output needs a key here to resolve, also when the program left the input out.
      ...Object.fromEntries(Object.keys(segmentFields).map((k) => [k, undefined])),
      ...secretInputs(args, SECRET_INPUTS),
      __owner: ownerOf(name, "Segment", opts),
      description: args.description,
      createdAt: undefined,
      updatedAt: undefined,
      source: undefined,
    };
    const restoreStacks = quietStacks();
    try {
      super(segmentProvider, name, props, withSecretOutputs(opts, SECRET_INPUTS), "onesignal", "Segment");
    } finally {
      restoreStacks();
    }
  }

  /**
   * Reads an existing segment into the program without managing it. To find one by name, see
   * `getSegment`.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state: { appId: pulumi.Input<string>; apiKey?: pulumi.Input<string | undefined> },
    opts?: pulumi.CustomResourceOptions,
  ): Segment {
    return new Segment(name, { ...state, name, filters: [] }, { ...opts, id });
  }
}
