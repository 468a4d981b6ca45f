/** zod schemas for the OneSignal wire format and the client's camelCase inputs/outputs. */
export * from "./common";
export * from "./filter";
export * from "./app";
export * from "./apiKey";
export * from "./segment";
export * from "./template";
export * from "./notification";
