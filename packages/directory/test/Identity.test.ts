import { assert, describe, it } from "@effect/vitest"
import * as Directory from "@userkit/directory/Directory"
import * as Email from "@userkit/directory/Email"
import * as Fakes from "@userkit/directory/Fakes"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { counting, directoryWithFaults, type Seen } from "./faults.js"
import { withDirectory } from "./helpers.js"

const keys = (found: Directory.Found) => found.identities.map((user) => `${user.vendor} ${user.key}`).sort()

// Look-alikes of the people's emails, each an account in every vendor: never any person's.
const lookalikes = [
  "\u212Aen.thompson@example.com", // KELVIN SIGN, which toLowerCase folds to "k"
  "\uff41da.lovelace@example.com", // fullwidth a
  "\u0430da.lovelace@example.com", // Cyrillic a
  "grace.h\u03bfpper@example.com", // Greek omicron
  "ada\u0301.lovelace@example.com", // combining acute accent
  "ken.thompson@ex\u0430mple.com" // Cyrillic a in the domain
]

describe("Email", () => {
  it("canonical: trimmed (ASCII whitespace), both parts lower-cased in ASCII", () => {
    assert.strictEqual(Either.getOrThrow(Email.either(" \tAda.Lovelace@Example.COM\r\n")), "ada.lovelace@example.com")
    assert.strictEqual(Either.getOrThrow(Email.either("o'Brien+ops@Mail.Example.org")), "o'brien+ops@mail.example.org")
  })

  it("refuses what is not an email, with the reason", () => {
    const refused = [
      ["self", "reserved"],
      ["ME", "reserved"],
      ["usr-00000", "no @"],
      ["google-oauth2|100000", "no @"],
      ["not-an-email", "no @"],
      ["", "empty"],
      ["ada@localhost", "needs a dot"],
      ["\"ada lovelace\"@example.com", "printable ASCII"],
      ["\"ada\"@example.com", "dot-atom"],
      ["ada@[192.0.2.1]", "address literals"],
      [".ada@example.com", "dot-atom"],
      ["ada..l@example.com", "dot-atom"],
      ["ada@example.com.", "labels"],
      ["ada@-example.com", "labels"],
      ["a".repeat(65) + "@example.com", "64"],
      ["ada@" + "a".repeat(250) + ".com", "254"],
      ["\u00a0ada@example.com", "printable ASCII"],
      ...lookalikes.map((email) => [email, "printable ASCII"] as const)
    ] as const
    for (const [input, reason] of refused) {
      const result = Email.either(input)
      assert.isTrue(Either.isLeft(result), JSON.stringify(input))
      if (Either.isLeft(result)) {
        assert.strictEqual(result.left._tag, "InvalidEmail")
        assert.include(result.left.reason, reason, JSON.stringify(input))
      }
    }
  })

  it("matches: canonical forms byte for byte; absent or invalid never", () => {
    const ken = Either.getOrThrow(Email.either("ken.thompson@example.com"))
    assert.isTrue(Email.matches(" Ken.Thompson@EXAMPLE.com", ken))
    assert.isFalse(Email.matches("\u212Aen.thompson@example.com", ken))
    assert.isFalse(Email.matches(undefined, ken))
    assert.isFalse(Email.matches("ken.thompson", ken))
  })
})

describe("Identity (issue 20, findings 1 to 3)", () => {
  // Finding 1: `self` planned deleting the owner of the Rockset key.
  it.effect("`self`, `me` and ids are refused typed before any request", () =>
    Effect.gen(function*() {
      const organisation = yield* Fakes.make({ people: 5 })
      const seen: Array<Seen> = []
      yield* Effect.gen(function*() {
        const directory = yield* Directory.Directory
        for (const input of ["self", "me", "usr-00000", "google-oauth2|100000", "not-an-email"]) {
          const refused = yield* Effect.flip(directory.planOffboarding(input))
          assert.strictEqual(refused._tag, "InvalidEmail")
          assert.strictEqual(refused.input, input)
          assert.strictEqual((yield* Effect.flip(directory.find(input)))._tag, "InvalidEmail")
        }
      }).pipe(Effect.provide(directoryWithFaults(organisation, counting(seen))))
      assert.deepStrictEqual(seen, [])
      assert.isTrue((yield* organisation.rockset.users).some((user) => user.email === "owner@userkit.dev"))
    }))

  // Finding 2: the email as typed changed the plan.
  it.effect("case and surrounding whitespace change nothing: the same accounts, TileDB included", () =>
    withDirectory({ people: 30 }, (directory) =>
      Effect.gen(function*() {
        const canonical = yield* directory.find(Fakes.demoEmail)
        const typed = yield* directory.find("  Ada.Lovelace@Example.COM\t")
        assert.strictEqual(typed.email, Fakes.demoEmail)
        assert.deepStrictEqual(keys(typed), keys(canonical))
        assert.include(keys(typed), "TileDB ada.lovelace")
        const plan = yield* directory.planOffboarding(" ADA.LOVELACE@example.com")
        assert.strictEqual(plan.actions.length, 7)
      })))

  // Finding 3: KELVIN SIGN folded to "k" and matched Ken in Authress and Astronomer.
  it.effect("a look-alike account is never the person, in any vendor", () =>
    withDirectory({ people: 13, extraAccounts: lookalikes }, (directory) =>
      Effect.gen(function*() {
        const ken = yield* directory.find("ken.thompson@example.com")
        assert.deepStrictEqual(ken.identities.map((user) => user.vendor).sort(), [
          "Astronomer",
          "Authress",
          "Rockset",
          "TileDB"
        ])
        assert.isTrue(ken.identities.every((user) => user.email === "ken.thompson@example.com"))
        const ada = yield* directory.planOffboarding(Fakes.demoEmail)
        assert.isTrue(ada.actions.every((action) => action.account.email === Fakes.demoEmail))
        assert.strictEqual(ada.actions.length, 7)
      })))

  it.effect("TileDB: a member whose username is the person's local part but whose email is not, is not the person", () =>
    withDirectory({ people: 30 }, (directory) =>
      Effect.gen(function*() {
        const { identities } = yield* directory.find("alan.turing@example.com")
        assert.deepStrictEqual(identities.map((user) => user.vendor).sort(), ["Astronomer", "Authress", "Rockset"])
        const other = yield* directory.find("alan.turing@elsewhere.example")
        assert.deepStrictEqual(keys(other), ["TileDB alan.turing"])
      })))
})

// Variants of a real email: ASCII case flips and ASCII whitespace around it.
const sameMailbox = (email: string) =>
  FastCheck.tuple(
    FastCheck.array(FastCheck.boolean(), { minLength: email.length, maxLength: email.length }),
    FastCheck.constantFrom("", " ", "\t", "  ", "\r\n"),
    FastCheck.constantFrom("", " ", "\t", "\n")
  ).map(([upper, before, after]) =>
    before + [...email].map((char, i) => upper[i] === true ? char.toUpperCase() : char).join("") + after
  )

const confusables: Readonly<Record<string, ReadonlyArray<string>>> = {
  a: ["\u0430", "\u03b1", "\uff41"],
  e: ["\u0435", "\u03b5", "\uff45"],
  o: ["\u043e", "\u03bf", "\uff4f"],
  p: ["\u0440", "\u03c1"],
  c: ["\u0441", "\u03f2"],
  k: ["\u212a", "\u03ba", "\u043a"],
  l: ["\u04cf", "\u217c"],
  i: ["\u0456", "\u03b9"],
  "@": ["\uff20"],
  ".": ["\uff0e", "\u2024"]
}

// Look-alikes of a real email: one character swapped for a confusable, a combining mark added,
// or Unicode (not ASCII) whitespace around it.
const lookalike = (email: string) =>
  FastCheck.oneof(
    FastCheck.nat({ max: email.length - 1 }).chain((i) => {
      const options = confusables[email[i] ?? ""] ?? ["\uff41"]
      return FastCheck.constantFrom(...options).map((swap) => email.slice(0, i) + swap + email.slice(i + 1))
    }),
    FastCheck.tuple(FastCheck.nat({ max: email.length }), FastCheck.constantFrom("\u0301", "\u0308", "\u200b"))
      .map(([i, mark]) => email.slice(0, i) + mark + email.slice(i)),
    FastCheck.constantFrom("\u00a0", "\u3000", "\u2003", "\ufeff").map((space) => space + email + space)
  )

describe("Identity, as a property", () => {
  it.effect("no input finds an account whose own email is not the canonical input; variants find the same accounts", () =>
    withDirectory({ people: 13, extraAccounts: lookalikes }, (directory, organisation) =>
      Effect.gen(function*() {
        const emails = organisation.people.map((person) => person.email)
        const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.either(effect))
        const exact = (found: Directory.Found, input: string) =>
          Either.isRight(Email.either(input)) &&
          found.email === Either.getOrThrow(Email.either(input)) &&
          found.identities.every((user) => Email.matches(user.email, found.email))
        const canonical = new Map<string, ReadonlyArray<string>>()
        for (const email of emails) canonical.set(email, keys(yield* directory.find(email)))
        const property = FastCheck.asyncProperty(
          FastCheck.constantFrom(...emails).chain((email) =>
            FastCheck.oneof(
              sameMailbox(email).map((input) => ({ email, input, kind: "variant" as const })),
              lookalike(email).map((input) => ({ email, input, kind: "lookalike" as const })),
              FastCheck.emailAddress().map((input) => ({ email, input, kind: "random" as const }))
            )
          ),
          async ({ email, input, kind }) => {
            const found = await run(directory.find(input))
            const planned = await run(directory.planOffboarding(input))
            if (kind === "variant") {
              assert.isTrue(Either.isRight(found) && exact(found.right, input), JSON.stringify(input))
              assert.deepStrictEqual(Either.isRight(found) ? keys(found.right) : [], canonical.get(email))
            } else if (kind === "lookalike") {
              // Nothing but ASCII is an email here: a look-alike is refused before any request.
              assert.isTrue(Either.isLeft(found), JSON.stringify(input))
              assert.isTrue(Either.isLeft(planned), JSON.stringify(input))
            } else if (Either.isRight(found)) {
              assert.isTrue(exact(found.right, input), JSON.stringify(input))
            }
            if (Either.isRight(planned)) {
              assert.isTrue(
                planned.right.actions.every((action) => Email.matches(action.account.email, planned.right.email))
              )
            }
          }
        )
        yield* Effect.promise(() => FastCheck.assert(property, { numRuns: 40 }))
      })))
})
