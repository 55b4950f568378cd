import { describe, expect, it } from "vitest";
import { resolveCredentials } from "./credentials.js";

const names = { accessKeyId: "AK", secretAccessKey: "SK", sessionToken: "TOK" };
const ctx = { provider: "s3", operation: "save" } as const;

describe("resolveCredentials", () => {
  it("prefers explicit credentials, then secret refs, then the environment", async () => {
    const env = { AK: "env-ak", SK: "env-sk" };
    expect(
      await resolveCredentials({ credentials: { accessKeyId: "a", secretAccessKey: "s" }, env }, names, ctx),
    ).toEqual({
      accessKeyId: "a",
      secretAccessKey: "s",
    });
    const secrets = async (ref: { name?: string | undefined; key: string }) => `${ref.name}/${ref.key}`;
    expect(
      await resolveCredentials(
        {
          accessKeySecret: { name: "s3", key: "ak" },
          secretKeySecret: { name: "s3", key: "sk" },
          secrets,
          env,
        },
        names,
        ctx,
      ),
    ).toEqual({ accessKeyId: "s3/ak", secretAccessKey: "s3/sk" });
    expect(await resolveCredentials({ env: { ...env, TOK: "t" } }, names, ctx)).toEqual({
      accessKeyId: "env-ak",
      secretAccessKey: "env-sk",
      sessionToken: "t",
    });
  });

  it("names what is missing", async () => {
    await expect(resolveCredentials({ env: {} }, names, ctx)).rejects.toThrow(
      /"credentials" are missing.*AK and SK/,
    );
    await expect(
      resolveCredentials({ accessKeySecret: { key: "a" }, env: {} }, names, ctx),
    ).rejects.toMatchObject({
      field: "secretKeySecret",
    });
    await expect(
      resolveCredentials(
        { accessKeySecret: { key: "a" }, secretKeySecret: { key: "b" }, env: {} },
        names,
        ctx,
      ),
    ).rejects.toMatchObject({ field: "secrets" });
    await expect(
      resolveCredentials({ credentials: { accessKeyId: "", secretAccessKey: "s" } }, names, ctx),
    ).rejects.toMatchObject({ field: "credentials.accessKeyId" });
  });
});
