import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as Pagination from "@userkit/core/Pagination"
import type * as TypeTests from "@userkit/testkit/Types"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import * as AuthressUsers from "../src/AuthressUsers.js"
import type * as Errors from "../src/Errors.js"
import type * as Models from "../src/Models.js"
import type * as ServiceClientToken from "../src/ServiceClientToken.js"

type Service = AuthressUsers.AuthressUsersService
type ErrorOf<K extends keyof Service> = TypeTests.ErrorOf<Service, K>
type SuccessOf<K extends keyof Service> = TypeTests.SuccessOf<Service, K>

type Unauthorized = CoreErrors.Unauthorized<Models.ResponseError>
type Forbidden = CoreErrors.Forbidden<Models.ResponseError>
type NotFound = CoreErrors.NotFound<Models.ResponseError>
type Always = TypeTests.CallErrors<Models.ResponseError> | CoreErrors.RequestValidationError

describe("error unions: exactly the documented statuses, the call errors and request validation", () => {
  it("deleteUser, getUser and linkTenantUser: 401, 403, 404", () => {
    expectTypeOf<ErrorOf<"deleteUser">>().toEqualTypeOf<Unauthorized | Forbidden | NotFound | Always>()
    expectTypeOf<ErrorOf<"getUser">>().toEqualTypeOf<Unauthorized | Forbidden | NotFound | Always>()
    expectTypeOf<ErrorOf<"linkTenantUser">>().toEqualTypeOf<Unauthorized | Forbidden | NotFound | Always>()
  })

  it("getUsers and its stream: 401, 403, no 404; the stream also a pagination failure", () => {
    expectTypeOf<ErrorOf<"getUsers">>().toEqualTypeOf<Unauthorized | Forbidden | Always>()
    expectTypeOf<ReturnType<Service["getUsersStream"]>>().toEqualTypeOf<
      Stream.Stream<Models.UserIdentity, Unauthorized | Forbidden | Always | Pagination.PaginationError>
    >()
  })

  it("the named error types agree with the service", () => {
    expectTypeOf<Errors.DeleteUserError>().toEqualTypeOf<ErrorOf<"deleteUser">>()
    expectTypeOf<Errors.GetUserError>().toEqualTypeOf<ErrorOf<"getUser">>()
    expectTypeOf<Errors.GetUsersError>().toEqualTypeOf<ErrorOf<"getUsers">>()
    expectTypeOf<Errors.LinkTenantUserError>().toEqualTypeOf<ErrorOf<"linkTenantUser">>()
    expectTypeOf<Errors.AuthressStatusError<404>>().toEqualTypeOf<NotFound>()
  })
})

describe("successes and inputs", () => {
  it("models", () => {
    expectTypeOf<SuccessOf<"getUser">>().toEqualTypeOf<Models.UserIdentity>()
    expectTypeOf<SuccessOf<"getUsers">>().toEqualTypeOf<Models.UserIdentityCollection>()
    expectTypeOf<SuccessOf<"deleteUser">>().toBeVoid()
    expectTypeOf<SuccessOf<"linkTenantUser">>().toBeVoid()
    expectTypeOf<Models.UserIdentity>().toEqualTypeOf<{
      readonly userId: string
      readonly name?: string | undefined
      readonly picture?: string | undefined
      readonly email?: string | undefined
    }>()
    expectTypeOf<Models.GetUsersOptions>().toEqualTypeOf<{
      readonly limit?: number
      readonly cursor?: string
      readonly filter?: string
      readonly tenantId?: string
    }>()
    expectTypeOf<Parameters<Service["getUsersStream"]>>().toEqualTypeOf<
      [options?: Omit<Models.GetUsersOptions, "cursor"> & { readonly maxPages?: number | undefined }]
    >()
  })
})

describe("layers", () => {
  type WithToken = Layer.Layer<AuthressUsers.AuthressUsers, never, HttpClient.HttpClient>
  type WithKey = Layer.Layer<AuthressUsers.AuthressUsers, ServiceClientToken.InvalidAccessKey, HttpClient.HttpClient>

  it("an access key can fail the layer with InvalidAccessKey; a token cannot fail it", () => {
    const secret = Redacted.make("x")
    expectTypeOf(AuthressUsers.layer({ baseUrl: "https://a", token: secret })).toEqualTypeOf<WithToken>()
    expectTypeOf(AuthressUsers.layer({ baseUrl: "https://a", token: Effect.succeed(secret) })).toEqualTypeOf<
      WithToken
    >()
    expectTypeOf(AuthressUsers.layer({ baseUrl: "https://a", accessKey: secret })).toEqualTypeOf<WithKey>()
    expectTypeOf(AuthressUsers.layerConfig).returns.toEqualTypeOf<
      Layer.Layer<
        AuthressUsers.AuthressUsers,
        ConfigError.ConfigError | ServiceClientToken.InvalidAccessKey,
        HttpClient.HttpClient
      >
    >()
  })
})

describe("layerConfig options", () => {
  it("takes an access key or a token, not both, each a value or a Config of its own type", () => {
    const key = Config.redacted("MYAPP_AUTHRESS_KEY")
    // @ts-expect-error an access key and a token at once
    AuthressUsers.layerConfig({ accessKey: key, token: key })
    // @ts-expect-error a Config<string> is not a Config<Redacted<string>>
    AuthressUsers.layerConfig({ accessKey: Config.string("MYAPP_AUTHRESS_KEY") })
    assert.isTrue(Layer.isLayer(AuthressUsers.layerConfig({ token: key })))
  })
})
