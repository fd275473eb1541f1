/**
 * The program `npm run pack:check` compiles and runs in a scratch project outside the repository,
 * against the packed tarballs: each vendor's service over its in-process fake, imported both
 * from a package root and from a module subpath, with typed failures caught by tag. It exits
 * non-zero when an answer is not the expected one.
 */
import { AstronomerUsers, Fake as AstronomerFake } from "@userkit/astronomer"
import { AuthressUsers, Fake as AuthressFake } from "@userkit/authress"
import * as CoreErrors from "@userkit/core/Errors"
import { Fake as RocksetFake, type Models as RocksetModels, RocksetUsers } from "@userkit/rockset"
import * as TileDBFake from "@userkit/tiledb/Fake"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const rockset = Effect.gen(function*() {
  const users = yield* RocksetUsers.RocksetUsers
  const grace: RocksetModels.User = yield* users.get("grace@example.com")
  // A missing user is the shared NotFound class, carrying Rockset's decoded error body.
  const missing = yield* users.get("nobody@example.com").pipe(
    Effect.map(() => "found"),
    Effect.catchTag("NotFound", (error) => Effect.succeed(error instanceof CoreErrors.NotFound ? "NotFound" : "other"))
  )
  return `rockset: ${grace.email} ${missing}`
})

const authress = Effect.flatMap(AuthressUsers.AuthressUsers, (users) => users.getUser("oauth|ada")).pipe(
  Effect.map((ada) => `authress: ${ada.userId} ${ada.name ?? "?"}`)
)

const astronomer = Effect.flatMap(AstronomerUsers.AstronomerUsers, (users) => users.getSelfUser()).pipe(
  Effect.map((self) => `astronomer: ${self.id}`)
)

const tiledb = Effect.flatMap(TileDBUsers.TileDBUsers, (users) => users.getUser()).pipe(
  Effect.map((user) => `tiledb: ${user.username}`)
)

// The application's layer: the four services, each over its in-process fake.
const services = Layer.mergeAll(
  RocksetUsers.layer({ apiKey: Redacted.make(RocksetFake.defaultApiKey), retry: false }).pipe(
    Layer.provide(RocksetFake.layer({ users: [{ email: "grace@example.com", roles: ["member"] }] }))
  ),
  AuthressUsers.layer({
    baseUrl: "https://fake.api.authress.io",
    accessKey: Redacted.make(AuthressFake.defaultAccessKey),
    retry: false
  }).pipe(Layer.provide(AuthressFake.layer({ users: [{ userId: "oauth|ada", name: "Ada" }] }))),
  AstronomerUsers.layer({ token: Redacted.make(AstronomerFake.defaultToken), retry: false }).pipe(
    Layer.provide(AstronomerFake.layer())
  ),
  TileDBUsers.layer({ apiKey: Redacted.make(TileDBFake.defaultApiKey), retry: false }).pipe(
    Layer.provide(TileDBFake.layer())
  )
)

const expected = [
  "rockset: grace@example.com NotFound",
  "authress: oauth|ada Ada",
  `astronomer: ${AstronomerFake.defaultSelfUserId}`,
  `tiledb: ${TileDBFake.defaultUsername}`
]

const main = Effect.gen(function*() {
  const lines = yield* Effect.all([rockset, authress, astronomer, tiledb]).pipe(Effect.provide(services))
  for (const line of lines) console.log(line)
  const wrong = lines.filter((line, index) => line !== expected[index])
  if (wrong.length > 0) return yield* Effect.fail(`unexpected answers: ${wrong.join("; ")}`)
})

// A failure rejects the promise; Node reports the unhandled rejection and exits with code 1.
Effect.runPromise(main).then(() => console.log("consumer program: all four vendors answered as expected"))
