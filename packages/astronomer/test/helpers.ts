import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as UrlParams from "@effect/platform/UrlParams"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import type * as Errors from "../src/Errors.js"
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

/**
 * One call of each declared operation, by endpoint name, with valid arguments. The status tables
 * are driven by the declarations (`Api.AstronomerApi.endpoints`); this only supplies arguments.
 */
export const calls: Readonly<
  Record<string, (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<unknown, Errors.AstronomerError>>
> = {
  deleteOrgUser: (users) => users.deleteOrgUser("org-1", "usr-1"),
  deleteWorkspaceUser: (users) => users.deleteWorkspaceUser("org-1", "ws-1", "usr-1"),
  getSelfUser: (users) => users.getSelfUser(),
  getUser: (users) => users.getUser("org-1", "usr-1"),
  listOrgUsers: (users) => users.listOrgUsers("org-1"),
  listWorkspaceUsers: (users) => users.listWorkspaceUsers("org-1", "ws-1"),
  mutateOrgUserRole: (users) => users.mutateOrgUserRole("org-1", "usr-1", { role: "ORGANIZATION_MEMBER" }),
  mutateWorkspaceUserRole: (users) =>
    users.mutateWorkspaceUserRole("org-1", "ws-1", "usr-1", { role: "WORKSPACE_AUTHOR" })
}

/** The documented-status failure inside an operation's error, or `undefined` for any other failure. */
export const statusError = (error: Errors.AstronomerError) => {
  switch (error._tag) {
    case "BadRequest":
    case "Unauthorized":
    case "Forbidden":
    case "NotFound":
    case "InternalServerError":
      return error
    default:
      return undefined
  }
}
