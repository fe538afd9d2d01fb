/** Shapes of the AWS identifiers the function is configured with; the stack's config validates against the same. */
export const ALB_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[^/]+\/[0-9a-f]+$/;
export const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[^/]+\/[0-9a-f]+$/;
/** A DNS name of three or more labels, like an ALB's `internal-app-123.us-east-1.elb.amazonaws.com`. */
export const DNS_NAME = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.){2,}[a-z]{2,}$/i;
