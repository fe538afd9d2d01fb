import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "./stack";

/** The blog's Terraform, as the project's shared reference holds it (beside the checkout, as CI lays it out). */
export const BLOG_TERRAFORM = resolve(PROJECT_ROOT, "../shared/reference/blog-resources.tf");

/**
 * A folder holding the blog's Terraform as a blog deployment's state was made from, changed only so that provider 5
 * plans it, none of it what a state records: the provider block goes (its region is the root's; its
 * `version = "2.7.0"` pin is no longer allowed there), the bucket's `region` goes (provider 5 computes it), and the
 * python zip's hash is written out (the zip is not here). Read from the reference, not copied into the project.
 */
export function blogTerraformDir(): string {
  if (!existsSync(BLOG_TERRAFORM)) {
    throw new Error(`the blog's Terraform is not at ${BLOG_TERRAFORM}: the plan tests adopt a deployment made from it`);
  }
  const source = readFileSync(BLOG_TERRAFORM, "utf8")
    .replace(/^provider "aws" \{[\s\S]*?^\}\n/m, "")
    .replace(/^(resource "aws_s3_bucket" "static_lb" \{[\s\S]*?)^\s*region\s*=\s*"[^"]*"\n/m, "$1")
    .replace(/filebase64sha256\("lambda_function\.zip"\)/g, '"Yq3H2pE1T6rQ0v9y0mYy3l0b6m2QmQ1bJ7mYV1f2yQ0="');
  const dir = mkdtempSync(join(tmpdir(), "blog-terraform-"));
  writeFileSync(join(dir, "blog-resources.tf"), source);
  return dir;
}
