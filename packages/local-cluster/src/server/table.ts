/**
 * Server-side printing: meta.k8s.io/v1 `Table` answers for clients that ask for them
 * (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, as kubectl get does), with the columns kubectl shows
 * for the built-in types and a CRD's additionalPrinterColumns.
 */
import type { ResourceType } from "./resource-type.js";
import { fieldValue } from "./selectors.js";
import { isRecord, type KubeObject } from "./types.js";

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
  cell: (obj: KubeObject, now: Date) => unknown;
}

export function wantsTable(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept.split(",").some((part) => part.includes("as=Table") && part.includes("g=meta.k8s.io"));
}

/** kubectl's HumanDuration: 45s, 3m20s, 15m, 2h30m, 20h, 3d4h, 12d, 1y. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 730) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const name: Column = {
  name: "Name",
  type: "string",
  format: "name",
  description: "Name must be unique within a namespace.",
  priority: 0,
  cell: (o) => o.metadata.name ?? "",
};
const age: Column = {
  name: "Age",
  type: "string",
  description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
  priority: 0,
  cell: (o, now) =>
    o.metadata.creationTimestamp === undefined
      ? "<unknown>"
      : humanDuration(now.getTime() - Date.parse(o.metadata.creationTimestamp)),
};
const col = (n: string, cell: Column["cell"], type = "string", priority = 0): Column => ({
  name: n,
  type,
  description: n,
  priority,
  cell,
});

function podStatus(o: KubeObject): string {
  const status = rec(o.status);
  let reason = typeof status.reason === "string" ? status.reason : String(status.phase ?? "Pending");
  for (const cs of arr(status.containerStatuses)) {
    const state = rec(rec(cs).state);
    const waiting = rec(state.waiting);
    const terminated = rec(state.terminated);
    if (typeof waiting.reason === "string" && waiting.reason !== "") reason = waiting.reason;
    else if (typeof terminated.reason === "string" && terminated.reason !== "") reason = terminated.reason;
  }
  if (o.metadata.deletionTimestamp !== undefined) reason = "Terminating";
  return reason;
}

function builtinColumns(rt: ResourceType): Column[] {
  switch (rt.kind) {
    case "Namespace":
      return [name, col("Status", (o) => rec(o.status).phase ?? ""), age];
    case "Pod":
      return [
        name,
        col("Ready", (o) => {
          const statuses = arr(rec(o.status).containerStatuses);
          const total = arr(rec(o.spec).containers).length;
          return `${statuses.filter((c) => rec(c).ready === true).length}/${total}`;
        }),
        col("Status", podStatus),
        col(
          "Restarts",
          (o) =>
            arr(rec(o.status).containerStatuses).reduce<number>(
              (n, c) => n + Number(rec(c).restartCount ?? 0),
              0,
            ),
          "integer",
        ),
        age,
        col("IP", (o) => rec(o.status).podIP ?? "<none>", "string", 1),
        col("Node", (o) => rec(o.spec).nodeName ?? "<none>", "string", 1),
      ];
    case "ConfigMap":
      return [
        name,
        col(
          "Data",
          (o) => Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length,
          "integer",
        ),
        age,
      ];
    case "Secret":
      return [
        name,
        col("Type", (o) => o.type ?? ""),
        col("Data", (o) => Object.keys(rec(o.data)).length, "integer"),
        age,
      ];
    case "Node":
      return [
        name,
        col("Status", (o) => {
          const ready = arr(rec(o.status).conditions).find((c) => rec(c).type === "Ready");
          return rec(ready).status === "True" ? "Ready" : "NotReady";
        }),
        col("Roles", () => "<none>"),
        age,
        col("Version", (o) => rec(rec(o.status).nodeInfo).kubeletVersion ?? ""),
      ];
    case "Lease":
      return [name, col("Holder", (o) => rec(o.spec).holderIdentity ?? ""), age];
    case "Event":
      return [
        col("Last Seen", (o, now) => {
          const t = o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp;
          return typeof t === "string" ? humanDuration(now.getTime() - Date.parse(t)) : "<unknown>";
        }),
        col("Type", (o) => o.type ?? ""),
        col("Reason", (o) => o.reason ?? ""),
        col(
          "Object",
          (o) =>
            `${String(rec(o.involvedObject).kind ?? "").toLowerCase()}/${String(rec(o.involvedObject).name ?? "")}`,
        ),
        col("Message", (o) => o.message ?? ""),
      ];
    default:
      return [name, age];
  }
}

/** additionalPrinterColumns of the CRD version being served, after the Name column. */
export function customColumns(crd: KubeObject | undefined, version: string): Column[] {
  const v = arr(rec(crd?.spec).versions).find((x) => rec(x).name === version);
  const extra = arr(rec(v).additionalPrinterColumns).map((c) => {
    const def = rec(c);
    const path = String(def.jsonPath ?? "").replace(/^\./, "");
    const type = String(def.type ?? "string");
    return {
      name: String(def.name ?? path),
      type,
      description: String(def.description ?? ""),
      priority: Number(def.priority ?? 0),
      cell: (o: KubeObject, now: Date) => {
        const value = fieldValue(o, path);
        if (type === "date" && value !== "") return humanDuration(now.getTime() - Date.parse(value));
        return value;
      },
    } satisfies Column;
  });
  return extra.length === 0
    ? [name, age]
    : [name, ...extra, ...(extra.some((c) => c.name === "Age") ? [] : [age])];
}

export function toTable(
  rt: ResourceType,
  objects: KubeObject[],
  resourceVersion: string,
  now: Date,
  crd?: KubeObject,
  version = "",
): unknown {
  const columns = rt.custom ? customColumns(crd, version) : builtinColumns(rt);
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: columns.map(({ cell: _c, ...def }) => def),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata },
    })),
  };
}
