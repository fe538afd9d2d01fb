import { resolve } from "node:path";
import { App } from "cdktf";
import { appConfigOrExit } from "./lib/app-config";
import { StaticIpStack } from "./lib/static-ip-stack";

const config = appConfigOrExit();
const app = new App();
new StaticIpStack(app, config.stackName, {
  config,
  functionBundleDir: resolve(__dirname, "dist/functions/target-sync"),
});
app.synth();
