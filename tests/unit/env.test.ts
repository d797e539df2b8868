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

  it("sizes the embedded database's page cache as PGlite does unless told, and refuses what is not a size", () => {
    expect(parseEnv({}).PGLITE_SHARED_BUFFERS).toBe("128MB");
    expect(parseEnv({ PGLITE_SHARED_BUFFERS: "32MB" }).PGLITE_SHARED_BUFFERS).toBe("32MB");
    expect(() => parseEnv({ PGLITE_SHARED_BUFFERS: "lots" })).toThrow(
      /PGLITE_SHARED_BUFFERS="lots": must be a size such as 32MB/,
    );
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

  it("times sessions out after 30 idle minutes and 12 hours by default, or as configured", () => {
    expect(parseEnv({})).toMatchObject({ SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 });
    expect(parseEnv({ SESSION_IDLE_MINUTES: "15", SESSION_ABSOLUTE_HOURS: "8" })).toMatchObject({
      SESSION_IDLE_MINUTES: 15,
      SESSION_ABSOLUTE_HOURS: 8,
    });
  });

  it("names a wrong session timeout with its limits", () => {
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "half an hour" })).toThrow(
      /SESSION_IDLE_MINUTES="half an hour": must be a number of minutes/,
    );
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "0" })).toThrow(
      /SESSION_IDLE_MINUTES="0": must be between 1 and 1440 minutes \(a day\)/,
    );
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "2.5" })).toThrow(/must be a whole number of minutes/);
    expect(() => parseEnv({ SESSION_ABSOLUTE_HOURS: "1000" })).toThrow(
      /SESSION_ABSOLUTE_HOURS="1000": must be between 1 and 720 hours \(30 days\)/,
    );
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "120", SESSION_ABSOLUTE_HOURS: "1" })).toThrow(
      /SESSION_IDLE_MINUTES="120": must not be longer than SESSION_ABSOLUTE_HOURS \(1 hour\)/,
    );
  });

  it("requires a second factor of CTED's roles in production only, unless told otherwise", () => {
    const production = { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) };
    expect(parseEnv({}).SECOND_FACTOR_FOR_CTED).toBe("optional");
    expect(parseEnv({ NODE_ENV: "test" }).SECOND_FACTOR_FOR_CTED).toBe("optional");
    expect(parseEnv(production).SECOND_FACTOR_FOR_CTED).toBe("required");
    expect(parseEnv({ ...production, SECOND_FACTOR_FOR_CTED: "optional" }).SECOND_FACTOR_FOR_CTED).toBe(
      "optional",
    );
    expect(parseEnv({ SECOND_FACTOR_FOR_CTED: "required" }).SECOND_FACTOR_FOR_CTED).toBe("required");
    expect(() => parseEnv({ SECOND_FACTOR_FOR_CTED: "yes" })).toThrow(
      /SECOND_FACTOR_FOR_CTED="yes": must be required or optional/,
    );
  });
});
