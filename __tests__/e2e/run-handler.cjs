// Runs the bundled handler once, as Lambda would: load the module (the cold start), invoke it with a scheduled
// event, and print the outcome as a last JSON line.
const emit = (outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`);
let handler;
try {
  ({ handler } = require(process.argv[2]));
} catch (error) {
  emit({ initError: `${error.name}: ${error.message}` });
  process.exit(1);
}
handler({ source: "aws.events", "detail-type": "Scheduled Event", detail: {} }).then(
  (result) => emit({ result }),
  (error) => {
    emit({ error: `${error.name}: ${error.message}` });
    process.exitCode = 1;
  },
);
