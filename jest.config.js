/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup-jest.ts"],
  // Every folder the run makes goes in one scratch folder, removed at the end: the OS temp dir keeps nothing.
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  // Jest's transform cache too stays in the project, not in the OS temp dir.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  // Terraform and the wire tests start real processes; a minute is their ceiling, not a goal.
  testTimeout: 60_000,
};
