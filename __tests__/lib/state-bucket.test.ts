/** StateBucket on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { Testing } from "cdktf";
import { StateBucket } from "../../lib/state-bucket";

describe("StateBucket", () => {
  it("refuses a name S3 would refuse, saying why", () => {
    expect(() => Testing.synthScope((scope) => new StateBucket(scope, "state", { bucketName: "Edge_State" }))).toThrow(
      /^stack\/state: bucketName: expected an S3 bucket name/,
    );
  });
});
