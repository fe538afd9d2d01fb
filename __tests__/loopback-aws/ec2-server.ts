/**
 * A loopback endpoint speaking the EC2 query API for DescribeNetworkInterfaces: it filters by description and
 * status as EC2 does, and can be made to refuse (as a missing permission would).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

export interface FakeNetworkInterface {
  readonly id: string;
  readonly description: string;
  readonly status: "in-use" | "available";
  readonly privateIp: string;
  readonly availabilityZone?: string;
}

export interface FakeEc2 {
  readonly endpoint: string;
  /** DescribeNetworkInterfaces calls received. */
  readonly calls: number;
  setInterfaces(interfaces: readonly FakeNetworkInterface[]): void;
  /** Answer every call with 403 UnauthorizedOperation, or serve normally. */
  deny: boolean;
  close(): Promise<void>;
}

export async function startEc2Server(): Promise<FakeEc2> {
  let interfaces: readonly FakeNetworkInterface[] = [];
  let calls = 0;
  const fake = {
    endpoint: "",
    deny: false,
    get calls() {
      return calls;
    },
    setInterfaces: (next: readonly FakeNetworkInterface[]) => (interfaces = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      calls++;
      const params = new URLSearchParams(body);
      const reply = (status: number, xml: string) =>
        response.writeHead(status, { "content-type": "text/xml" }).end(xml);
      if (fake.deny) {
        return reply(
          403,
          `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>fake</RequestID></Response>`,
        );
      }
      if (params.get("Action") !== "DescribeNetworkInterfaces") {
        return reply(
          400,
          `<Response><Errors><Error><Code>InvalidAction</Code><Message>no such action</Message></Error></Errors><RequestID>fake</RequestID></Response>`,
        );
      }
      const filters = new Map<string, string[]>();
      for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
        const values: string[] = [];
        for (let j = 1; params.has(`Filter.${i}.Value.${j}`); j++)
          values.push(params.get(`Filter.${i}.Value.${j}`) ?? "");
        filters.set(params.get(`Filter.${i}.Name`) ?? "", values);
      }
      const matching = interfaces.filter(
        (entry) =>
          (filters.get("description")?.includes(entry.description) ?? true) &&
          (filters.get("status")?.includes(entry.status) ?? true),
      );
      const items = matching
        .map(
          (entry) =>
            `<item><networkInterfaceId>${entry.id}</networkInterfaceId><description>${entry.description}</description><status>${entry.status}</status><privateIpAddress>${entry.privateIp}</privateIpAddress>${entry.availabilityZone ? `<availabilityZone>${entry.availabilityZone}</availabilityZone>` : ""}<interfaceType>interface</interfaceType><requesterManaged>true</requesterManaged></item>`,
        )
        .join("");
      return reply(
        200,
        `<DescribeNetworkInterfacesResponse xmlns="${XMLNS}"><requestId>fake</requestId><networkInterfaceSet>${items}</networkInterfaceSet></DescribeNetworkInterfacesResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
