// S3's naming rules for general purpose buckets
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** What is wrong with `name` as a general purpose bucket's name, or undefined when S3 would accept it. */
export function s3BucketNameProblem(name: string): string | undefined {
  const expected = "expected an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens";
  if (name.length < 3 || name.length > 63) return `${expected}; "${name}" has ${name.length} characters`;
  if (!/^[a-z0-9.-]+$/.test(name)) return `${expected}; "${name}" has other characters`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name))
    return `${expected}, beginning and ending with a letter or digit; got "${name}"`;
  if (name.includes("..")) return `${expected}, without two dots in a row; got "${name}"`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return `${expected}, not formatted as an IP address; got "${name}"`;
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix) return `${expected}, not beginning with the reserved "${prefix}"; got "${name}"`;
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix) return `${expected}, not ending with the reserved "${suffix}"; got "${name}"`;
  return undefined;
}
