import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as UrlParams from "@effect/platform/UrlParams"
import * as CoreErrors from "@userkit/core/Errors"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Calls from "@userkit/testkit/Calls"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"

/** A token no test output may ever contain. */
export const secret = "astro-secret-token-6f1c9e2a"

/** The service over a fresh in-process fake, without retries. */
export const fakeLayer = (options: Fake.Options = {}, token: string = Fake.defaultToken) =>
  AstronomerUsers.layer({ token: Redacted.make(token), retry: false, rateLimit: false }).pipe(
    Layer.provide(Fake.layer(options))
  )

/** The service over a scripted mock, keeping the recorder in context. */
export const mockLayer = (
  routes: ReadonlyArray<MockHttpClient.MockRoute>,
  options: Partial<AstronomerUsers.Options> = {}
) =>
  AstronomerUsers.layer({ token: Redacted.make(secret), retry: false, rateLimit: false, ...options }).pipe(
    Layer.provideMerge(MockHttpClient.layer(routes))
  )

/** A route template under the API's base path. */
export const at = (path: string): string => `${Fake.basePath}${path}`

/** The JSON of a user as Astronomer sends it. */
export const userJson = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  username: `${id}@example.com`,
  fullName: `User ${id}`,
  avatarUrl: `https://avatars.example.com/${id}.png`,
  status: "ACTIVE",
  createdAt: "2024-03-01T12:00:00Z",
  updatedAt: "2024-03-02T08:30:00.250Z",
  ...extra
})

/** Astronomer's error body. */
export const errorJson = (status: number, message = "something went wrong", requestId = "req-7f3a") => ({
  message,
  requestId,
  statusCode: status
})

/** `count` users `usr-001`… in joining order, members of one organization. */
export const seedOrganization = (
  count: number,
  organizationId = "org-big",
  workspaceMembers = 0
): Fake.Options => {
  const users = Array.from({ length: count }, (_, i) => ({
    id: `usr-${String(i + 1).padStart(3, "0")}`,
    username: `user${String(i + 1).padStart(3, "0")}@example.com`
  }))
  return {
    users,
    organizations: [{
      id: organizationId,
      members: users.map((user) => ({ userId: user.id, role: "ORGANIZATION_MEMBER" })),
      workspaces: [{
        id: "ws-big",
        members: users.slice(0, workspaceMembers).map((user) => ({ userId: user.id, role: "WORKSPACE_MEMBER" }))
      }]
    }]
  }
}

/** A fake whose every request is recorded (method, path, query), for counting pages. */
export const recordedFake = (options: Fake.Options) =>
  Effect.map(Fake.make(options), (fake) => {
    const sent: Array<{ readonly path: string; readonly query: UrlParams.UrlParams }> = []
    const record = (request: HttpClientRequest.HttpClientRequest) =>
      Effect.sync(() => {
        sent.push({ path: new URL(request.url).pathname, query: request.urlParams })
      })
    const layer = AstronomerUsers.layer({ token: Redacted.make(fake.token), retry: false, rateLimit: false }).pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, HttpClient.tapRequest(fake.httpClient, record)))
    )
    // Every element of the stream `open` opens on the service over this fake.
    const collect = <A, E>(open: (service: AstronomerUsers.AstronomerUsersService) => Stream.Stream<A, E>) =>
      Effect.provide(
        Effect.flatMap(AstronomerUsers.AstronomerUsers, (service) => Stream.runCollect(open(service))),
        layer
      )
    return { collect, fake, layer, sent }
  })

/** The first value of a query parameter of a recorded request. */
export const queryValue = (query: UrlParams.UrlParams, key: string): string | undefined => {
  const value = UrlParams.getFirst(query, key)
  return value._tag === "Some" ? value.value : undefined
}

/** One call of every operation, by name, with valid input derived from its declaration. */
export const calls = Calls.all<AstronomerUsers.AstronomerUsersService>(Api.AstronomerApi)

/** The documented-status failure a call failed with, or `undefined` for any other failure. */
export const statusError = (error: unknown) =>
  error instanceof CoreErrors.BadRequest || error instanceof CoreErrors.Unauthorized ||
    error instanceof CoreErrors.Forbidden || error instanceof CoreErrors.NotFound ||
    error instanceof CoreErrors.InternalServerError
    ? error
    : undefined
