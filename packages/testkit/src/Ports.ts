/**
 * Ports on 127.0.0.1 for tests that need one nothing listens on: a vendor or a store that is down,
 * or the address a test runner will bind itself.
 *
 * @since 0.3.0
 */
import * as Effect from "effect/Effect"
import * as Net from "node:net"

/**
 * A port on 127.0.0.1 that nothing listens on: bound by the system, then released.
 *
 * @since 0.3.0
 * @category constructors
 */
export const unused: Effect.Effect<number> = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})
