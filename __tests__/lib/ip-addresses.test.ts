import { canonicalIpv6, cidrContains, cidrFamily, isIpv4Address, isIpv6Address } from "../../lib/ip-addresses";

describe("IP addresses and CIDRs", () => {
  it.each<[string, boolean]>([
    ["10.0.1.10", true],
    ["10.0.1.010", false],
    ["10.0.1", false],
    ["2600:1f18::10", false],
  ])("takes %p as an IPv4 address: %p", (text, expected) => {
    expect(isIpv4Address(text)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ["2600:1f18:1234:5601::10", true],
    ["::", true],
    ["fe80::1%eth0", false],
    ["2600:1f18::10::1", false],
    ["10.0.1.10", false],
  ])("takes %p as an IPv6 address: %p", (text, expected) => {
    expect(isIpv6Address(text)).toBe(expected);
  });

  it.each([
    ["2600:1F18:1234:5601:0:0:0:0010", "2600:1f18:1234:5601::10"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2600:1f18::10", "2600:1f18::10"],
  ])("writes %p as AWS does: %p", (address, canonical) => {
    expect(canonicalIpv6(address)).toBe(canonical);
  });

  it.each<[string, string | undefined]>([
    ["203.0.113.0/24", "ipv4"],
    ["0.0.0.0/0", "ipv4"],
    ["2001:db8::/32", "ipv6"],
    ["::/0", "ipv6"],
    ["203.0.113.0/33", undefined],
    ["2001:db8::/129", undefined],
    ["2001:db8::/032", undefined],
    ["203.0.113.0", undefined],
    ["203.0.113.0/24/1", undefined],
  ])("finds %p a CIDR of family %p", (text, family) => {
    expect(cidrFamily(text)).toBe(family);
  });

  it.each<[string, string, boolean]>([
    ["2600:1f18:1234:5601::/64", "2600:1f18:1234:5601::10", true],
    ["2600:1f18:1234:5601::/64", "2600:1f18:1234:5602::10", false],
    ["10.0.1.0/24", "10.0.1.10", true],
    ["10.0.1.0/24", "2600:1f18:1234:5601::10", false],
    ["not a cidr", "10.0.1.10", false],
  ])("finds whether %p holds %p: %p", (cidr, address, expected) => {
    expect(cidrContains(cidr, address)).toBe(expected);
  });
});
