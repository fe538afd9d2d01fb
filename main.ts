import { resolve } from "node:path";
import { App } from "cdktf";
import { loadConfig } from "./lib/config";
import { StaticIpStack } from "./lib/static-ip-stack";

const config = loadConfig(process.env.STATIC_IP_CONFIG ?? resolve(__dirname, "static-ip.config.json"));
const app = new App();
new StaticIpStack(app, config.stackName, {
  config,
  functionBundleDir: resolve(__dirname, "dist/functions/target-sync"),
});
app.synth();
