import { describe, expect, it } from "vitest";
import { builtinResources } from "./builtin-resources.ts";
import type { ResourceType } from "./resource-type.ts";
import { customColumns, humanDuration, toTable, wantsTable } from "./table.ts";

describe("humanDuration", () => {
  it.each([
    [45_000, "45s"],
    [119_000, "119s"],
    [200_000, "3m20s"],
    [15 * 60_000, "15m"],
    [150 * 60_000, "150m"],
    [(2 * 60 + 30) * 60_000 + 3 * 3600_000, "5h30m"],
    [20 * 3600_000, "20h"],
    [(3 * 24 + 4) * 3600_000, "3d4h"],
    [12 * 24 * 3600_000, "12d"],
    [800 * 24 * 3600_000, "2y"],
  ])("%d ms -> %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe("toTable", () => {
  const pods = builtinResources().find((r) => r.plural === "pods") as ResourceType;
  const now = new Date("2026-01-01T00:01:00Z");

  it("recognises kubectl's Accept header", () => {
    expect(wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")).toBe(true);
    expect(wantsTable("application/json")).toBe(false);
    expect(wantsTable(undefined)).toBe(false);
  });

  it("prints pods as kubectl shows them", () => {
    const pod = {
      metadata: { name: "p", creationTimestamp: "2026-01-01T00:00:00Z" },
      spec: { containers: [{ name: "a" }, { name: "b" }], nodeName: "n1" },
      status: {
        phase: "Running",
        containerStatuses: [
          { ready: true, restartCount: 2, state: { running: {} } },
          { ready: false, restartCount: 1, state: { waiting: { reason: "CrashLoopBackOff" } } },
        ],
      },
    };
    const table = toTable(pods, [pod], "7", now) as {
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual([
      "Name",
      "Ready",
      "Status",
      "Restarts",
      "Age",
      "IP",
      "Node",
    ]);
    expect(table.rows[0]?.cells).toEqual(["p", "1/2", "CrashLoopBackOff", 3, "60s", "<none>", "n1"]);
  });

  it("uses a CRD's additionalPrinterColumns, then Age", () => {
    const crd = {
      metadata: { name: "x" },
      spec: {
        versions: [
          {
            name: "v1",
            additionalPrinterColumns: [{ name: "Phase", type: "string", jsonPath: ".status.phase" }],
          },
        ],
      },
    };
    const cols = customColumns(crd, "v1");
    expect(cols.map((c) => c.name)).toEqual(["Name", "Phase", "Age"]);
    expect(cols[1]?.cell({ metadata: {}, status: { phase: "Running" } }, now)).toBe("Running");
    expect(customColumns(undefined, "v1").map((c) => c.name)).toEqual(["Name", "Age"]);
  });
});
