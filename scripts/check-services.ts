/**
 * `.ci/run`'s check that the services the tests run against answer, before the tests: Redis
 * (`USERKIT_TEST_REDIS_URL`, default redis://127.0.0.1:6379, as `testkit/Redis` reads it) answers
 * `PING`, and PostgreSQL at 127.0.0.1:5432 (where `testkit/Databases` and the cluster suites look
 * for it) answers the protocol's first message. Exits 1 naming what does not answer: CI machines run both, and a suite that needs one
 * must not pass by skipping.
 */
import * as Net from "node:net"

interface Service {
  readonly name: string
  readonly url: string
  readonly defaultPort: number
  // What to send, and whether the first bytes back are that service's.
  readonly hello: Buffer
  readonly answers: (reply: Buffer) => boolean
}

const services: ReadonlyArray<Service> = [
  {
    name: "Redis",
    url: process.env["USERKIT_TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379",
    defaultPort: 6379,
    hello: Buffer.from("PING\r\n"),
    // `+PONG`, or an error such as `-NOAUTH` from a Redis that wants a password: a Redis either way.
    answers: (reply) => reply[0] === 0x2b || reply[0] === 0x2d
  },
  {
    name: "PostgreSQL",
    url: "postgres://127.0.0.1:5432",
    defaultPort: 5432,
    // SSLRequest: length 8, code 80877103; a PostgreSQL server answers one byte, `S` or `N`.
    hello: Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]),
    answers: (reply) => reply[0] === 0x53 || reply[0] === 0x4e
  }
]

const check = (service: Service): Promise<string | undefined> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(service.url)
    const target = `${hostname}:${port === "" ? service.defaultPort : port}`
    const socket = Net.connect({ host: hostname, port: port === "" ? service.defaultPort : Number(port) })
    const done = (problem: string | undefined) => {
      socket.destroy()
      resolve(problem === undefined ? undefined : `${service.name} at ${target}: ${problem}`)
    }
    socket.setTimeout(3_000, () => done("no answer within 3 s"))
    socket.once("error", (error) => done(error.message))
    socket.once("connect", () => socket.write(service.hello))
    socket.once("data", (reply: Buffer) => done(service.answers(reply) ? undefined : "answered, but not as expected"))
  })

const problems = (await Promise.all(services.map(check))).filter((problem) => problem !== undefined)
for (const service of services) {
  if (!problems.some((problem) => problem.startsWith(service.name))) console.log(`${service.name}: answers`)
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`not reachable: ${problem}`)
  process.exit(1)
}
