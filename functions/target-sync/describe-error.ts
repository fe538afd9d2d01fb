/** One line for an error from the SDK or elsewhere: its name, the HTTP status when there was one, its message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // SDK errors carry the HTTP response's status in $metadata.
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return `${error.name}${status === undefined ? "" : ` (HTTP ${status})`}: ${error.message}`;
}
