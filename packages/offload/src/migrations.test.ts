import { describe, expect, it } from "vitest";
import { loadMigrations, type MigrationSession, renameTable, runMigrations } from "./migrations.js";

function fakeSession(columns?: string[]) {
  const recorded = new Map<string, string>();
  const executed: string[] = [];
  const session: MigrationSession = {
    ensureHistoryTable: async () => {},
    recorded: async () => recorded,
    tableColumns: async () => columns,
    exec: async (s) => {
      executed.push(s);
    },
    record: async (tag, hash) => {
      recorded.set(tag, hash);
    },
  };
  return { session, recorded, executed };
}

describe("migrations", () => {
  it("renames only quoted identifiers of the default table", () => {
    expect(
      renameTable('CREATE INDEX "argo_workflows_i1" ON "argo_workflows" ("clustername")', "wf_nodes"),
    ).toBe('CREATE INDEX "wf_nodes_i1" ON "wf_nodes" ("clustername")');
    expect(renameTable("CREATE TABLE `argo_workflows` (`x` int) -- argo_workflows", "t")).toBe(
      "CREATE TABLE `t` (`x` int) -- argo_workflows",
    );
  });

  it("loads the checked-in drizzle-kit SQL for every dialect", async () => {
    for (const dialect of ["postgres", "mysql", "sqlite"] as const) {
      const [init, ...rest] = await loadMigrations(dialect, "argo_workflows");
      expect(rest).toEqual([]);
      expect(init?.tag).toBe("0000_init");
      expect(init?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(init?.statements).toHaveLength(2);
      expect(init?.statements[0]).toMatch(/^CREATE TABLE [`"]argo_workflows[`"]/);
      expect(init?.statements[1]).toMatch(/^CREATE INDEX [`"]argo_workflows_i1[`"]/);
    }
  });

  it("applies, then skips; adopts an existing offload table; refuses an unknown one", async () => {
    const migrations = await loadMigrations("postgres", "argo_workflows");
    const fresh = fakeSession();
    expect(await runMigrations(fresh.session, migrations, "argo_workflows")).toEqual({
      applied: ["0000_init"],
      skipped: [],
      adopted: [],
    });
    expect(fresh.executed).toHaveLength(2);
    expect(await runMigrations(fresh.session, migrations, "argo_workflows")).toEqual({
      applied: [],
      skipped: ["0000_init"],
      adopted: [],
    });

    const argo = fakeSession(["clustername", "uid", "version", "namespace", "nodes", "updatedat"]);
    expect(await runMigrations(argo.session, migrations, "argo_workflows")).toEqual({
      applied: [],
      skipped: [],
      adopted: ["0000_init"],
    });
    expect(argo.executed).toEqual([]);

    const other = fakeSession(["id", "uid"]);
    await expect(runMigrations(other.session, migrations, "argo_workflows")).rejects.toThrow(
      'table "argo_workflows" exists but is not an offload table: missing column(s) clustername, namespace, version, nodes, updatedat',
    );
  });
});
