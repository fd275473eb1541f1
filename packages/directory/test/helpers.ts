import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"

/** Runs an effect that sleeps on the TestClock, advancing the clock until it is done. */
export const withClock = <A, E, R>(effect: Effect.Effect<A, E, R>, step: Duration.DurationInput = "50 millis") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    while (Option.isNone(yield* Fiber.poll(fiber))) yield* TestClock.adjust(step)
    return yield* Fiber.join(fiber)
  })

/** The directory over all four fakes of an organisation, in-process. */
export const directoryOver = (organisation: Fakes.Organisation) =>
  Directory.layer(organisation.directory).pipe(Layer.provide(Fakes.layer(organisation)))

/** Runs a program against the directory of a fresh organisation. */
export const withDirectory = <A, E>(
  options: Fakes.Options,
  program: (directory: Directory.DirectoryService, organisation: Fakes.Organisation) => Effect.Effect<A, E, Scope.Scope>
) =>
  Effect.gen(function*() {
    const organisation = yield* Fakes.make(options)
    return yield* Effect.flatMap(Directory.Directory, (directory) => program(directory, organisation)).pipe(
      Effect.provide(directoryOver(organisation)),
      Effect.scoped
    )
  })
