import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Calls from "@userkit/testkit/Calls"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as AuthressUsers from "../src/AuthressUsers.js"

/** Authress's own published test access key (authress-sdk.js tests/serviceClientTokenProvider.test.js). */
export const vendorTestKey =
  "sc_service_client.uDeF.acc-test_account_id.MC4CAQAwBQYDK2VwBCIEIE99LFw2c3DCiYwrY/Qkg1nIDiagoHtdCwb88RxarVYA"

/** The private-key part of {@link vendorTestKey}: the part that must never leak. */
export const vendorTestPrivateKey = vendorTestKey.split(".")[3]

export const baseUrl = "https://acc-test_account_id.api.authress.io"

/** The service over a scripted HttpClient (access key auth, no retries), with the recorder in context too. */
export const mocked = (
  routes: ReadonlyArray<MockHttpClient.MockRoute>,
  options: Partial<Pick<AuthressUsers.BaseOptions, "retry" | "timeout">> = {}
) =>
  AuthressUsers.layer({ baseUrl, accessKey: Redacted.make(vendorTestKey), retry: false, rateLimit: false, ...options })
    .pipe(
      Layer.provideMerge(MockHttpClient.layer(routes))
    )

/** One call of every operation, by name, with valid input derived from its declaration. */
export const calls = Calls.all<AuthressUsers.AuthressUsersService>(Api.AuthressApi)

/** A page of `count` users numbered from `first`, with the given next cursor. */
export const page = (first: number, count: number, cursor: string | null | undefined) => ({
  users: Array.from({ length: count }, (_, i) => ({ userId: `oauth|user-${first + i}`, name: `User ${first + i}` })),
  pagination: cursor === undefined ? {} : { next: cursor === null ? null : { cursor } },
  links: { self: { href: `${baseUrl}/v1/users` } }
})
