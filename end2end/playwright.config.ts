import { defineConfig } from "@playwright/test";

// The server under test: the debug build that `scripts/test` makes with `cargo leptos build`,
// on its own port and a database of its own, so that it never touches a developer's data.
const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Debian's Chromium, never a downloaded browser. The flags keep it from reaching for the
// network, which this machine does not have.
const launchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    launchOptions,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "hydrated",
      testIgnore: /no-js\.spec\.ts/,
    },
    {
      name: "no-js",
      testMatch: /no-js\.spec\.ts/,
      use: { javaScriptEnabled: false },
    },
  ],
  webServer: {
    command: "../target/debug/server",
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      DATABASE_URL: "sqlite://../target/e2e/e2e.db",
      CONTENT_DIR: "../content",
      LEPTOS_SITE_ROOT: "../target/site",
      RUST_LOG: "warn",
      // The end-to-end tests sign people up without class codes, as on a public self-paced
      // site, all from 127.0.0.1: open sign-up, and no sign-up limit to hit.
      SIGN_UP: "open",
      SIGN_UPS_PER_HOUR: "100000",
      // A raised signal lowers itself after 15 s here (3 minutes by default), so that a test
      // can watch a hand expire.
      SIGNAL_SECONDS: "15",
    },
  },
});
