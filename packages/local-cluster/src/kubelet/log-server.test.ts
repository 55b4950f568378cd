import { afterEach, describe, expect, it } from "vitest";
import { LogServer, parseLogQuery } from "./log-server.js";
import type { PodLogRequest, PodLogSource } from "./log-source.js";
import { PodLogError } from "./log-source.js";

let server: LogServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("parseLogQuery", () => {
  it("reads the pods/log parameters", () => {
    const q = new URLSearchParams(
      "follow=true&previous=false&timestamps&tailLines=5&limitBytes=10&sinceSeconds=3",
    );
    expect(parseLogQuery("ns", "p", "c", q)).toEqual({
      namespace: "ns",
      name: "p",
      container: "c",
      follow: true,
      previous: false,
      timestamps: true,
      tailLines: 5,
      limitBytes: 10,
      sinceSeconds: 3,
    });
  });
  it("names the bad parameter", () => {
    expect(() => parseLogQuery("n", "p", "c", new URLSearchParams("tailLines=-1"))).toThrow(
      'tailLines: "-1" must be an integer >= 0',
    );
    expect(() => parseLogQuery("n", "p", "c", new URLSearchParams("follow=maybe"))).toThrow(/follow/);
    expect(() => parseLogQuery("n", "p", "c", new URLSearchParams("sinceTime=yesterday"))).toThrow(
      /sinceTime/,
    );
  });
});

describe("LogServer", () => {
  it("streams what the source yields and maps PodLogError to its code", async () => {
    const seen: PodLogRequest[] = [];
    const source: PodLogSource = {
      async openLog(request) {
        seen.push(request);
        if (request.container === "missing")
          throw new PodLogError(400, 'container "missing" is waiting to start');
        return (async function* () {
          yield Buffer.from("a\n");
          yield Buffer.from("b\n");
        })();
      },
    };
    server = new LogServer(source);
    const port = await server.listen(0);
    const ok = await fetch(`http://127.0.0.1:${port}/containerLogs/ns/pod/main?tailLines=2`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("a\nb\n");
    expect(seen[0]).toEqual({ namespace: "ns", name: "pod", container: "main", tailLines: 2 });
    const bad = await fetch(`http://127.0.0.1:${port}/containerLogs/ns/pod/missing`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('container "missing" is waiting to start');
    expect((await fetch(`http://127.0.0.1:${port}/containerLogs/ns/pod/main?limitBytes=0`)).status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe("ok");
  });
});
