// The library's public face: one construct and the types of its props. Everything else in lib/ is internal, free to
// move (the package's "exports" lets nothing else be imported).
export {
  type AlbHealthCheck,
  AlbStaticIps,
  type AlbStaticIpsAlarms,
  type AlbStaticIpsFunction,
  type AlbStaticIpsPort,
  type AlbStaticIpsProps,
  type AlbStaticIpsZone,
} from "./alb-static-ips";
