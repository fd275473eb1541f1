/**
 * The TileDB Cloud Users client, end to end.
 *
 * Without credentials in the environment it runs against the fake TileDB served on 127.0.0.1 (no
 * network): it signs a user up, logs them in by password, adds them to an organization, issues and
 * revokes a token, stores AWS credentials, and shows the typed failures.
 *
 * With `TILEDB_REST_TOKEN` (or `TILEDB_REST_USERNAME` and `TILEDB_REST_PASSWORD`, and optionally
 * `TILEDB_REST_HOST`) set, it reads from the real TileDB Cloud instead, changing nothing.
 *
 *   npx tsx examples/tiledb-users.ts
 */
import * as Fake from "@userkit/tiledb/Fake"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { runExample } from "./support/runExample.js"

// Read-only: who am I, what may my tokens do, which tokens and AWS credentials do I have.
const readAccount = Effect.gen(function*() {
  const users = yield* TileDBUsers.TileDBUsers
  const me = yield* users.getUser()
  yield* Console.log(`signed in as ${me.username} (${me.email ?? "no email"})`)
  for (const membership of me.organizations ?? []) {
    yield* Console.log(`  member of ${membership.organization_name} as ${membership.role}`)
  }
  yield* Console.log(`token scopes: ${(yield* users.getTokenScopes()).join(", ")}`)
  for (const token of yield* users.tokensGet()) {
    yield* Console.log(`  token ${token.name} expires ${token.expires_at?.toISOString() ?? "never"}`)
  }
  const credentials = yield* users.checkAwsAccessCredentials(me.username)
  yield* Console.log(`AWS credentials of ${me.username}: ${credentials.map((c) => c.name).join(", ") || "none"}`)
})

const demo = (baseUrl: string) =>
  Effect.gen(function*() {
    const owner = yield* TileDBUsers.make({ apiKey: Redacted.make(Fake.defaultApiKey), baseUrl })

    // Signing up needs no credentials; the new user then logs in with HTTP Basic.
    yield* owner.createUser({ username: "ada", password: Redacted.make("analytical engine"), email: "ada@example.com" })
    const ada = yield* TileDBUsers.make({ username: "ada", password: Redacted.make("analytical engine"), baseUrl })
    yield* owner.addUserToOrganization(Fake.defaultOrganization, { username: "ada", role: "read_write" })

    const token = yield* ada.requestToken({ name: "notebook", scope: ["user:read", "array:read"] })
    yield* Console.log("issued", token)
    yield* ada.addAwsAccessCredentials("ada", {
      name: "lab-bucket",
      access_key_id: "AKIAEXAMPLE",
      secret_access_key: Redacted.make("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      buckets: ["s3://lab-bucket/tiledb/"],
      default: true
    })
    yield* readAccount.pipe(Effect.provideService(TileDBUsers.TileDBUsers, ada))
    yield* ada.revokeToken("notebook")

    // Typed failures: a missing user is NotFound, a taken name Conflict, a wrong password Unauthorized,
    // and a bad username never leaves the process.
    yield* owner.getUserWithUsername("grace").pipe(
      Effect.catchTag("NotFound", (error) => Console.log(`NotFound: ${error.body?.message} (${error.requestId})`))
    )
    yield* owner.createUser({ username: "ada" }).pipe(
      Effect.catchTag("Conflict", (error) => Console.log(`Conflict: ${error.message}`))
    )
    const intruder = yield* TileDBUsers.make({ username: "ada", password: Redacted.make("guess"), baseUrl })
    yield* intruder.getUser().pipe(
      Effect.catchTag("Unauthorized", (error) => Console.log(`Unauthorized: ${error.message}`))
    )
    yield* owner.createUser({ username: "not a username", password: Redacted.make("short") }).pipe(
      Effect.catchTag("RequestValidationError", (error) => Console.log(error.message))
    )
  })

runExample({
  vendor: "TileDB",
  real: readAccount.pipe(Effect.provide(TileDBUsers.layerConfig())),
  fake: Effect.gen(function*() {
    const { baseUrl } = yield* (yield* Fake.make()).serve()
    return { baseUrl, tour: demo(baseUrl) }
  })
})
