/**
 * A program that uses only `@userkit/directory` and two vendor layers (Rockset and Authress):
 * who has access, and what removing one person would take.
 *
 *   npx tsx examples/directory-two-vendors.ts [email]
 *
 * With ROCKSET_APIKEY, AUTHRESS_API_URL and AUTHRESS_ACCESS_KEY set, it reads the real vendors
 * (it only reads: the plan is printed, never applied); otherwise the directory's fake organisation.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as AuthressUsers from "@userkit/authress/AuthressUsers"
import * as AccessReview from "@userkit/directory/AccessReview"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import * as Plan from "@userkit/directory/Plan"
import * as RocksetUsers from "@userkit/rockset/RocksetUsers"
import * as UndiciHttpClient from "@userkit/undici/UndiciHttpClient"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const program = (email: string) =>
  Effect.gen(function*() {
    const directory = yield* Directory.Directory
    const review = yield* directory.accessReview()
    yield* Console.log(`${review.rows.length} access rows in ${directory.vendors.join(" and ")}`)
    yield* Console.log(AccessReview.toCsv({ ...review, rows: review.rows.slice(0, 5) }).trimEnd())
    yield* Console.log(Plan.render(yield* directory.planOffboarding(email)))
  })

// The directory spans the vendors it is given options for; the type asks for their services.
const directory = Directory.layer({ rockset: {}, authress: {} })

const real = process.env["ROCKSET_APIKEY"] !== undefined && process.env["AUTHRESS_ACCESS_KEY"] !== undefined
const vendors = real
  ? Layer.mergeAll(RocksetUsers.layerConfig(), AuthressUsers.layerConfig()).pipe(Layer.provide(UndiciHttpClient.layer))
  : Layer.unwrapEffect(Effect.map(Fakes.make({ people: 50 }), Fakes.layer))

NodeRuntime.runMain(program(process.argv[2] ?? Fakes.demoEmail).pipe(Effect.provide(Layer.provide(directory, vendors))))
