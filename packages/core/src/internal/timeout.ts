import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

// The live clock of Effect's default services, read once; any other clock (TestClock) is
// honoured through `Effect.timeoutFail`.
let liveClock: Clock.Clock | undefined
const isLiveClock = (clock: Clock.Clock): boolean => clock === (liveClock ??= Effect.runSync(Effect.clock))

// The child fibers of live timeouts: what their effect sets in its fiber refs ends with them.
const isolated = new WeakSet<Fiber.RuntimeFiber<unknown, unknown>>()

/**
 * Whether the fiber is the child of a live {@link timeoutFail}, whose fiber refs are never merged
 * back into the caller: a setting made in it needs no restoring.
 */
export const isIsolated = (fiber: Fiber.RuntimeFiber<unknown, unknown>): boolean => isolated.has(fiber)

/**
 * `Effect.timeoutFail` with one fiber instead of two: under the live clock the effect runs in a
 * child fiber and a timer (not a sleeping fiber raced against it) interrupts it, which is most of
 * what `timeoutFail` costs a call. The effect is interrupted (so its request aborted) before the
 * timeout failure is returned; interrupting the caller interrupts the effect. The caller resumes
 * with the child's exit as it is: what the child did to its fiber refs stays in the child (the
 * join that would merge them back cost a call 8 KB).
 */
export const timeoutFail = <A, E, E1>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E1
): Effect.Effect<A, E | E1> =>
  Effect.clockWith((clock) => {
    if (!isLiveClock(clock)) return Effect.timeoutFail(self, { duration, onTimeout })
    const millis = Duration.toMillis(duration)
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(
        Effect.fork(Effect.withFiberRuntime<A, E>((fiber) => {
          isolated.add(fiber)
          return restore(self)
        })),
        (child) =>
          Effect.onInterrupt(
            restore(Effect.async<A, E | E1>((resume) => {
              const observer = (exit: Exit.Exit<A, E>) => {
                clearTimeout(timer)
                resume(exit)
              }
              const timer = setTimeout(() => {
                child.removeObserver(observer)
                resume(Effect.zipRight(Fiber.interrupt(child), Effect.fail(onTimeout())))
              }, millis)
              child.addObserver(observer)
              return Effect.sync(() => {
                clearTimeout(timer)
                child.removeObserver(observer)
              })
            })),
            () => Fiber.interrupt(child)
          )
      )
    )
  })
