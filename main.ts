import { App } from "cdktf";
import { appConfigOrExit } from "./lib/app-config";
import { StaticIpStack } from "./lib/static-ip-stack";

const config = appConfigOrExit();
const app = new App();
new StaticIpStack(app, config.stackName, { config });
app.synth();
