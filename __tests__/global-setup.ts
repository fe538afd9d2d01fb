import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * One scratch folder for the whole run stands in for the OS temp dir: whatever a test, cdktf's `Testing` (its
 * `cdktf.outdir.*` folders), Terraform or a child process makes in "the temp dir" lands inside it, and
 * global-teardown.ts removes it. Workers and children inherit TMPDIR, which `os.tmpdir()` reads at every call.
 */
export default function createScratchDir(): void {
  const scratch = mkdtempSync(join(tmpdir(), "alb-static-ip-tests-"));
  process.env.ALB_STATIC_IP_TEST_SCRATCH = scratch;
  process.env.TMPDIR = scratch;
}
