// Unit, client, provider, emulator and contract tests. They need no Pulumi engine.
// The end-to-end suite under the real engine lives in jest.e2e.config.js.
/** @type {import('jest').Config} */
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }];
module.exports = {
  testEnvironment: "node",
  globalSetup: "<rootDir>/tests/globalSetup.js",
  transform: { "^.+\\.ts$": tsJest },
  testMatch: [
    "<rootDir>/tests/unit/**/*.test.ts",
    "<rootDir>/tests/client/**/*.test.ts",
    "<rootDir>/tests/provider/**/*.test.ts",
    "<rootDir>/tests/emulator/**/*.test.ts",
    "<rootDir>/tests/contract/**/*.test.ts",
  ],
  testTimeout: 60000,
  maxWorkers: 2,
};
