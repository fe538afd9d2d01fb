/** One line for an error from the SDK or elsewhere: its name, the HTTP status when there was one, its message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = ($metadataOf(error)?.httpStatusCode ?? undefined) as number | undefined;
  return `${error.name}${status === undefined ? "" : ` (HTTP ${status})`}: ${error.message}`;
}

function $metadataOf(error: Error): { httpStatusCode?: number } | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
}
