import { describe, expect, it } from "vitest";

import { EnvError, parseEnv } from "~/config/env.server.ts";

describe("configuration", () => {
  it("has working defaults for development", () => {
    expect(parseEnv({})).toMatchObject({
      PORT: 3000,
      HOST: "0.0.0.0",
      DATA_DIR: "./data",
      NODE_ENV: "development",
    });
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
  });

  it("names each wrong value with its problem", () => {
    const attempt = () => parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", NODE_ENV: "production" });
    expect(attempt).toThrow(EnvError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT="eighty": must be a number/);
      expect(message).toMatch(/DATABASE_URL="mysql:\/\/x": must start with postgresql:\/\//);
      expect(message).toMatch(/SESSION_SECRET="": is required when NODE_ENV=production/);
    }
  });

  it("rejects out-of-range ports and short secrets", () => {
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT="70000": must be between 0 and 65535/);
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(
      /SESSION_SECRET="short": must be at least 32 characters/,
    );
  });

  it("accepts a PostgreSQL server and a production secret", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/followup",
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(40),
    });
    expect(env.DATABASE_URL).toBe("postgresql://u:p@127.0.0.1:5432/followup");
    expect(env.SESSION_SECRET).toBe("x".repeat(40));
  });
});
