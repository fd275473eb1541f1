/**
 * The Redis the rate-limit tests run against: `USERKIT_TEST_REDIS_URL`, or 127.0.0.1:6379. A suite
 * that needs it runs for real when it answers; when it does not, the suite is skipped with a line
 * in the output saying why, except under CI (`CI` set), where it fails: CI machines run Redis.
 * Every test keeps to a key prefix of its own ({@link uniquePrefix}) and deletes it afterwards.
 *
 * @since 0.3.0
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Redis } from "ioredis"
import * as Net from "node:net"

/**
 * The Redis the tests use.
 *
 * @since 0.3.0
 * @category constants
 */
export const url = process.env["USERKIT_TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379"

/**
 * Whether something answers a `PING` at `target` within half a second.
 *
 * @since 0.3.0
 * @category utils
 */
export const answers = (target: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(target)
    const socket = Net.connect({ host: hostname, port: Number(port === "" ? 6379 : port) })
    const done = (answered: boolean) => {
      socket.destroy()
      resolve(answered)
    }
    socket.setTimeout(500, () => done(false))
    socket.once("error", () => done(false))
    socket.once("connect", () => socket.write("PING\r\n"))
    // `+PONG`, or `-NOAUTH` from a Redis with a password in the URL: either way, a Redis.
    socket.once("data", () => done(true))
  })

const available = await answers(url)

/**
 * A key prefix no other test (or run) uses.
 *
 * @since 0.3.0
 * @category utils
 */
export const uniquePrefix = (): string => `userkit-test:${process.pid}:${Math.random().toString(36).slice(2, 10)}:`

/**
 * Every key under `prefix`.
 *
 * @since 0.3.0
 * @category utils
 */
export const keys = async (prefix: string): Promise<ReadonlyArray<string>> => {
  const client = new Redis(url, { lazyConnect: true })
  try {
    await client.connect()
    return await client.keys(`${prefix}*`)
  } finally {
    client.disconnect()
  }
}

const prefixes: Array<string> = []

/**
 * A prefix for one test, whose keys are deleted when the file's tests are done.
 *
 * @since 0.3.0
 * @category utils
 */
export const testPrefix = (): string => {
  const prefix = uniquePrefix()
  prefixes.push(prefix)
  return prefix
}

/**
 * `describe`, when Redis answers; otherwise a skip with its reason printed, or a failure under CI.
 *
 * @since 0.3.0
 * @category suites
 */
export const describeWithRedis = (name: string, body: () => void): void => {
  if (available) {
    afterAll(async () => {
      const client = new Redis(url, { lazyConnect: true })
      await client.connect()
      for (const prefix of prefixes.splice(0)) {
        const found = await client.keys(`${prefix}*`)
        if (found.length > 0) await client.del(...found)
      }
      client.disconnect()
    })
    describe(name, body)
    return
  }
  if (process.env["CI"] !== undefined && process.env["CI"] !== "") {
    describe(name, () => {
      it(`needs Redis at ${url} (CI is set: a missing Redis fails instead of skipping)`, () => {
        assert.fail(`no Redis answers at ${url}`)
      })
    })
    return
  }
  // eslint-disable-next-line no-console -- a skipped suite must say so in the test output
  console.log(
    `[userkit] SKIPPED "${name}": no Redis answers at ${url} ` +
      "(start one, or set USERKIT_TEST_REDIS_URL; with CI set this fails instead)"
  )
  describe.skip(name, body)
}

/**
 * The milliseconds before `key` expires (-1: never, -2: absent).
 *
 * @since 0.3.0
 * @category utils
 */
export const pttl = async (key: string): Promise<number> => {
  const client = new Redis(url, { lazyConnect: true })
  try {
    await client.connect()
    return await client.pttl(key)
  } finally {
    client.disconnect()
  }
}

/**
 * Everything `keys` hold (strings, and sorted sets with their scores), as one text to scan.
 *
 * @since 0.3.0
 * @category utils
 */
export const dump = async (found: ReadonlyArray<string>): Promise<string> => {
  const client = new Redis(url, { lazyConnect: true })
  try {
    await client.connect()
    const values = await Promise.all(found.map(async (key) =>
      (await client.type(key)) === "zset"
        ? (await client.zrange(key, 0, -1, "WITHSCORES")).join(" ")
        : String(await client.get(key))
    ))
    return values.join("\n")
  } finally {
    client.disconnect()
  }
}
