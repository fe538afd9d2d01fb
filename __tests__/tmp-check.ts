import { startDnsServer, albIps } from "./support/dns-server";
import { discoverAlbIps } from "../functions/target-sync/dns-discovery";
import { adaptiveStoppingRule } from "../functions/target-sync/stopping-rules";
(async () => {
  const s = await startDnsServer();
  for (const n of [9, 16]) {
    s.setRecords("alb.us-east-1.elb.amazonaws.com", albIps(n));
    let miss = 0; const T = 5000;
    for (let i = 0; i < T; i++) {
      const d = await discoverAlbIps("alb.us-east-1.elb.amazonaws.com", [{ host: "127.0.0.1", port: s.port }], { maxLookups: 600, parallelism: 16, timeoutMs: 1000, stoppingRule: adaptiveStoppingRule });
      if (d.ips.size < n) miss++;
    }
    console.log(n, "misses", miss, "of", T);
  }
  await s.close();
})();
