/** Errors as the logs and messages show them. */

interface SdkErrorShape {
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly Code?: string;
}

/** One line for an error from the SDK or elsewhere: its name, the HTTP status when there was one, its message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // SDK errors carry the HTTP response's status in $metadata.
  const status = (error as SdkErrorShape).$metadata?.httpStatusCode;
  return `${error.name}${status === undefined ? "" : ` (HTTP ${status})`}: ${error.message}`;
}

export interface ErrorFields {
  readonly name: string;
  readonly message: string;
  /** AWS's error code (the SDK's error name, e.g. `AccessDenied`), for an error AWS answered with. */
  readonly awsErrorCode?: string;
  readonly httpStatusCode?: number;
  /** Source-mapped when the runtime has `--enable-source-maps`. */
  readonly stack?: string;
  readonly cause?: ErrorFields;
}

/** An error as structured log fields: what an operator needs to tell a fault of ours from AWS's answer. */
export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const status = (error as SdkErrorShape).$metadata?.httpStatusCode;
  return {
    name: error.name,
    message: error.message,
    ...(status === undefined
      ? {}
      : { awsErrorCode: (error as SdkErrorShape).Code ?? error.name, httpStatusCode: status }),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(error.cause === undefined ? {} : { cause: errorFields(error.cause) }),
  };
}
