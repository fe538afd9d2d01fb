// Runs the bundled handler once, as Lambda would: load the module (the cold start), invoke it with a scheduled
// event and a context carrying a request id (REQUEST_ID, or a made-up one), and print the outcome as a last JSON line,
// with the Node version it ran on and a failure's stack (as Node formats it, source-mapped under --enable-source-maps).
// The invocation has a timeout (argv[3] in ms, else the stack's 60 s): the context counts down to it, and when it
// passes the invocation is cut off as Lambda cuts it off, with `timedOut` in the outcome.
const emit = (outcome) => process.stdout.write(`${JSON.stringify({ node: process.version, ...outcome })}\n`);
let handler;
try {
  ({ handler } = require(process.argv[2]));
} catch (error) {
  emit({ initError: `${error.name}: ${error.message}` });
  process.exit(1);
}
const timeoutMs = Number(process.argv[3] ?? 60000);
const invokedAt = Date.now();
setTimeout(() => {
  emit({ timedOut: true, error: `Task timed out after ${timeoutMs} ms` });
  process.exit(1);
}, timeoutMs).unref();
const context = {
  awsRequestId: process.env.REQUEST_ID ?? "c6af9ac6-7b61-11e6-9a41-93e812345678",
  functionName: "app-static-ip-sync",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:app-static-ip-sync",
  memoryLimitInMB: "128",
  getRemainingTimeInMillis: () => invokedAt + timeoutMs - Date.now(),
};
handler({ source: "aws.events", "detail-type": "Scheduled Event", detail: {} }, context).then(
  (result) => emit({ result }),
  (error) => {
    emit({ error: `${error.name}: ${error.message}`, errorStack: error.stack });
    process.exitCode = 1;
  },
);
