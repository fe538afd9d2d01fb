// Runs the bundled handler once, as Lambda would: load the module (the cold start), invoke it with a scheduled
// event and a context carrying a request id (REQUEST_ID, or a made-up one), and print the outcome as a last JSON line,
// with the Node version it ran on and a failure's stack (as Node formats it, source-mapped under --enable-source-maps).
const emit = (outcome) => process.stdout.write(`${JSON.stringify({ node: process.version, ...outcome })}\n`);
let handler;
try {
  ({ handler } = require(process.argv[2]));
} catch (error) {
  emit({ initError: `${error.name}: ${error.message}` });
  process.exit(1);
}
const context = {
  awsRequestId: process.env.REQUEST_ID ?? "c6af9ac6-7b61-11e6-9a41-93e812345678",
  functionName: "app-static-ip-sync",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:app-static-ip-sync",
  memoryLimitInMB: "128",
  getRemainingTimeInMillis: () => 60000,
};
handler({ source: "aws.events", "detail-type": "Scheduled Event", detail: {} }, context).then(
  (result) => emit({ result }),
  (error) => {
    emit({ error: `${error.name}: ${error.message}`, errorStack: error.stack });
    process.exitCode = 1;
  },
);
