import { assert, describe, it } from "@effect/vitest"
import * as ConfigOptions from "@userkit/core/ConfigOptions"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

const fallback = Config.string("VENDOR_KEY")

describe("ConfigOptions", () => {
  it.effect("an omitted option reads the fallback", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* ConfigOptions.orElse(undefined, fallback).pipe(withEnv({ VENDOR_KEY: "env" })), "env")
      const missing = yield* Effect.flip(ConfigOptions.orElse(undefined, fallback).pipe(withEnv({})))
      assert.include(String(missing), "VENDOR_KEY")
    }))

  it.effect("a value is taken as given, and the fallback is not read", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* ConfigOptions.orElse("given", fallback).pipe(withEnv({})), "given")
      const secret = Redacted.make("s3cret")
      assert.strictEqual(yield* ConfigOptions.orElse(secret, Config.redacted("VENDOR_KEY")).pipe(withEnv({})), secret)
    }))

  it.effect("a Config is read instead of the fallback, under its own name and nesting", () =>
    Effect.gen(function*() {
      const env = { VENDOR_KEY: "vendor", MYAPP_KEY: "mine", PROD_KEY: "nested" }
      assert.strictEqual(yield* ConfigOptions.orElse(Config.string("MYAPP_KEY"), fallback).pipe(withEnv(env)), "mine")
      const nested = ConfigOptions.orElse(Config.nested(Config.string("KEY"), "PROD"), fallback)
      assert.strictEqual(
        yield* nested.pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)), { pathDelim: "_" }))
        ),
        "nested"
      )
      const missing = yield* Effect.flip(ConfigOptions.orElse(Config.string("MYAPP_KEY"), fallback).pipe(withEnv({})))
      assert.include(String(missing), "MYAPP_KEY")
    }))

  it.effect("optional and orUndefined give undefined for what is absent", () =>
    Effect.gen(function*() {
      assert.isUndefined(yield* ConfigOptions.optional<string>(undefined).pipe(withEnv({})))
      assert.strictEqual(yield* ConfigOptions.optional(Config.string("HOST")).pipe(withEnv({ HOST: "h" })), "h")
      assert.isUndefined(yield* ConfigOptions.orUndefined(Config.string("HOST")).pipe(withEnv({})))
      assert.strictEqual(yield* ConfigOptions.orUndefined(Config.string("HOST")).pipe(withEnv({ HOST: "h" })), "h")
    }))

  it.effect("withCommon adds retry, timeout, deadline, body cap and rate limits, from values or Configs, to the vendor's options", () =>
    Effect.gen(function*() {
      const own = Config.all({ apiKey: Config.string("VENDOR_KEY") })
      assert.deepStrictEqual(yield* ConfigOptions.withCommon({}, own).pipe(withEnv({ VENDOR_KEY: "k" })), {
        apiKey: "k",
        retry: undefined,
        timeout: undefined,
        deadline: undefined,
        maxResponseBytes: undefined,
        rateLimit: undefined,
        redisUrl: undefined
      })
      const resolved = yield* ConfigOptions.withCommon({
        retry: Config.map(Config.integer("RETRIES"), (times) => ({ times })),
        timeout: Config.duration("TIMEOUT"),
        deadline: Config.duration("DEADLINE"),
        maxResponseBytes: Config.integer("MAX_BYTES"),
        rateLimit: Config.map(Config.boolean("LIMITS"), (on) => on ? {} : false)
      }, own).pipe(
        withEnv({
          VENDOR_KEY: "k",
          RETRIES: "2",
          TIMEOUT: "5 seconds",
          DEADLINE: "1 minute",
          MAX_BYTES: "1024",
          LIMITS: "false"
        })
      )
      assert.deepStrictEqual(resolved, {
        apiKey: "k",
        retry: { times: 2 },
        timeout: Duration.seconds(5),
        deadline: Duration.minutes(1),
        maxResponseBytes: 1024,
        rateLimit: false,
        redisUrl: undefined
      })
      const literal = yield* ConfigOptions.withCommon({ retry: false, timeout: false, rateLimit: false }, own)
        .pipe(withEnv({ VENDOR_KEY: "k" }))
      assert.deepStrictEqual(literal, {
        apiKey: "k",
        retry: false,
        timeout: false,
        deadline: undefined,
        maxResponseBytes: undefined,
        rateLimit: false,
        redisUrl: undefined
      })
    }))
})
