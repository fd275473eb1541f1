import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as TransportDeadline from "../TransportDeadline.js"

// The live clock of Effect's default services; any other clock (TestClock) is honoured through
// `Effect.timeoutFail`, so tests keep controlling time.
const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)

/** Whether the fiber runs under the live clock, the one a transport's timer follows. */
export const isLive = (fiber: Fiber.RuntimeFiber<unknown, unknown>): boolean =>
  Context.get(fiber.currentDefaultServices, Clock.Clock) === liveClock

// The child fibers of live timeouts: what their effect sets in its fiber refs ends with them.
const isolated = new WeakSet<Fiber.RuntimeFiber<unknown, unknown>>()

/**
 * Whether the fiber is the child of a live {@link timeoutFail}, whose fiber refs are never merged
 * back into the caller: a setting made in it needs no restoring.
 */
export const isIsolated = (fiber: Fiber.RuntimeFiber<unknown, unknown>): boolean => isolated.has(fiber)

/** What a transport that took the attempt's deadline fails with once it has passed. */
export class Expired extends Error {
  constructor(readonly timeout: Duration.Duration) {
    super("the attempt's deadline passed")
    this.name = "DeadlineExpired"
  }
}

/** The deadline a transport takes for every attempt of a client: one object per client. */
export const transportDeadline = (timeout: Duration.Duration): TransportDeadline.Deadline => ({
  millis: Duration.toMillis(timeout),
  exceeded: new Expired(timeout)
})

/**
 * `Effect.timeoutFail` without a second fiber, and without any when the transport takes the
 * deadline itself (`byTransport`, see core/TransportDeadline.ts): under the live clock the effect
 * then runs as it is, in the caller's fiber, and the transport fails it with {@link Expired}.
 * Otherwise, under the live clock, the effect runs in a child fiber and a timer (not a sleeping
 * fiber raced against it) interrupts it. The effect is interrupted (so its request aborted) before
 * the timeout failure is returned; interrupting the caller interrupts the effect. The caller
 * resumes with the child's exit as it is: what the child did to its fiber refs stays in the child
 * (the join that would merge them back cost a call 8 KB).
 */
export const timeoutFail = <A, E, E1>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E1,
  byTransport = false
): Effect.Effect<A, E | E1> =>
  Effect.withFiberRuntime((fiber) => {
    if (!isLive(fiber)) return Effect.timeoutFail(self, { duration, onTimeout })
    return byTransport ? self : inChild(self, Duration.toMillis(duration), onTimeout)
  })

const inChild = <A, E, E1>(
  self: Effect.Effect<A, E>,
  millis: number,
  onTimeout: () => E1
): Effect.Effect<A, E | E1> =>
  Effect.uninterruptibleMask((restore) =>
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
