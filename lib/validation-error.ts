import type { IConstruct } from "constructs";

/**
 * A construct was given props it cannot build from. The message starts with the construct's path (as aws-cdk's
 * `ValidationError` does), so it says which of several alike constructs is wrong.
 */
export class ValidationError extends Error {
  constructor(message: string, scope: IConstruct) {
    super(`${scope.node.path}: ${message}`);
    this.name = "ValidationError";
  }
}
