import { rmSync } from "node:fs";

/** Removes the run's scratch folder (global-setup.ts), so a run leaves nothing in the OS temp dir. */
export default function removeScratchDir(): void {
  const scratch = process.env.ALB_STATIC_IP_TEST_SCRATCH;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
