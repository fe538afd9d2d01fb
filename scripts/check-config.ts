// Checks the app's config before cdktf runs the app: cdktf shows a failing app's output twice (as log lines while it
// runs, then in its error report) among lines of its own, so the npm scripts report a bad config here instead, as
// the app itself would: its problems, one a line, once, and exit code 1.
// Usage: ts-node --transpile-only scripts/check-config.ts (STATIC_IP_CONFIG names another config file)
import { appConfigOrExit } from "../lib/app-config";

appConfigOrExit();
