// End-to-end tests under the real Pulumi CLI. One at a time: each drives a whole engine.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  globalSetup: "<rootDir>/tests/globalSetup.js",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testMatch: ["<rootDir>/tests/e2e/**/*.test.ts"],
  testTimeout: 900000,
  maxWorkers: 1,
};
