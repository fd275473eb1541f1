import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"

// The live clock of Effect's default services, read once; any other clock (TestClock) is
// honoured through `Effect.timeoutFail`.
let liveClock: Clock.Clock | undefined
const isLiveClock = (clock: Clock.Clock): boolean => clock === (liveClock ??= Effect.runSync(Effect.clock))

/**
 * `Effect.timeoutFail` with one fiber instead of two: under the live clock the effect runs in a
 * child fiber and a timer (not a sleeping fiber raced against it) interrupts it, which is most of
 * what `timeoutFail` costs a call. The effect is interrupted (so its request aborted) before the
 * timeout failure is returned; interrupting the caller interrupts the effect.
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
      Effect.flatMap(Effect.fork(restore(self)), (child) => {
        const ended = restore(Effect.async<boolean>((resume) => {
          let done = false
          const finish = (inTime: boolean) => {
            if (done) return
            done = true
            clearTimeout(timer)
            resume(Effect.succeed(inTime))
          }
          const timer = setTimeout(() => finish(false), millis)
          const observer = () => finish(true)
          child.addObserver(observer)
          return Effect.sync(() => {
            done = true
            clearTimeout(timer)
            child.removeObserver(observer)
          })
        }))
        return Effect.flatMap(
          Effect.onInterrupt(ended, () => Fiber.interrupt(child)),
          (inTime): Effect.Effect<A, E | E1> =>
            inTime ? Fiber.join(child) : Effect.zipRight(Fiber.interrupt(child), Effect.fail(onTimeout()))
        )
      })
    )
  })
