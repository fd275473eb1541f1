import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as TypeTests from "@userkit/testkit/Types"
import type * as Api from "@userkit/tiledb/Api"
import type * as Errors from "@userkit/tiledb/Errors"
import type * as Models from "@userkit/tiledb/Models"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Config from "effect/Config"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"

type Service = TileDBUsers.TileDBUsersService
type SuccessOf<Name extends keyof Service> = TypeTests.SuccessOf<Service, Name>

// The union, spelled out: every status the `default` response maps to a class, with TileDB's Error body.
type StatusErrors = TypeTests.Statuses<Models.Error>
type CallErrors = TypeTests.CallErrors<Models.Error>
type WithoutInput = StatusErrors | CallErrors
type WithInput = WithoutInput | CoreErrors.RequestValidationError

// The operations that take no input; every other one can fail validation.
type WithoutInputs = "confirmEmail" | "getTokenScopes" | "getUser" | "tokensGet" | "tokensSessionGet"
type WithInputs = Exclude<Api.OperationName, WithoutInputs>

describe("error unions", () => {
  it("the aliases are the spelled-out unions", () => {
    expectTypeOf<Errors.TileDBError>().toEqualTypeOf<WithoutInput>()
    expectTypeOf<Errors.TileDBInputError>().toEqualTypeOf<WithInput>()
    expectTypeOf<Errors.TileDBStatusError<404>>().toEqualTypeOf<CoreErrors.NotFound<Models.Error>>()
    expectTypeOf<Errors.TileDBStatusError<502>>().toEqualTypeOf<CoreErrors.BadGateway<Models.Error>>()
    expectTypeOf<Errors.TileDBStatusError<409>>().toEqualTypeOf<CoreErrors.Conflict<Models.Error>>()
  })

  it("operations without input cannot fail validation", () => {
    expectTypeOf<TypeTests.ErrorsOf<Service, WithoutInputs>>().toEqualTypeOf<
      TypeTests.Each<WithoutInputs, WithoutInput>
    >()
  })

  it("operations with input can", () => {
    expectTypeOf<TypeTests.ErrorsOf<Service, WithInputs>>().toEqualTypeOf<TypeTests.Each<WithInputs, WithInput>>()
  })

  it("the service's declared errors are exactly what the core client infers from the declarations", () => {
    expectTypeOf<TypeTests.ErrorsOf<Service, Api.OperationName>>().toEqualTypeOf<
      TypeTests.DeclaredErrors<typeof Api.TileDBApi.operations, Models.Error>
    >()
  })
})

describe("signatures", () => {
  it("takes path parameters positionally, then the body, then an options object", () => {
    expectTypeOf<Parameters<Service["updateAwsAccessCredentials"]>>().toEqualTypeOf<
      [namespace: string, name: string, awsAccessCredentials: Models.AWSAccessCredentialsRequest]
    >()
    expectTypeOf<Parameters<Service["updateUserInOrganization"]>>().toEqualTypeOf<
      [organization: string, username: string, user: Models.OrganizationUser]
    >()
    expectTypeOf<Parameters<Service["getSession"]>>().toEqualTypeOf<[options?: TileDBUsers.GetSessionOptions]>()
    expectTypeOf<Parameters<Service["requestToken"]>>().toEqualTypeOf<[tokenRequest?: Models.TokenRequest]>()
  })

  it("answers with models, void for 204s", () => {
    expectTypeOf<SuccessOf<"getUser">>().toEqualTypeOf<Models.User>()
    expectTypeOf<SuccessOf<"checkAwsAccessCredentials">>().toEqualTypeOf<ReadonlyArray<Models.AWSAccessCredentials>>()
    expectTypeOf<SuccessOf<"getTokenScopes">>().toEqualTypeOf<ReadonlyArray<Models.TokenScope>>()
    expectTypeOf<SuccessOf<"createUser">>().toBeVoid()
  })

  it("keeps secrets Redacted, dates as Dates, and enums open with their known values", () => {
    expectTypeOf<Models.User["password"]>().toEqualTypeOf<Redacted.Redacted<string> | undefined>()
    expectTypeOf<Models.AWSAccessCredentials["secret_access_key"]>().toEqualTypeOf<
      Redacted.Redacted<string> | undefined
    >()
    expectTypeOf<Models.Token["expires_at"]>().toEqualTypeOf<Date | undefined>()
    expectTypeOf<"read_only">().toMatchTypeOf<Models.OrganizationRoles>()
    expectTypeOf<"some_future_role">().toMatchTypeOf<Models.OrganizationRoles>()
    expectTypeOf<"edit_billing">().toMatchTypeOf<Models.NamespaceActions>()
    // Read-only fields are not part of what is sent.
    expectTypeOf<Models.UserRequest>().not.toHaveProperty("is_valid_email")
    expectTypeOf<Models.AWSAccessCredentialsRequest>().not.toHaveProperty("created_at")
  })
})

describe("layerConfig options", () => {
  it("takes an API key or a username and password, not both, each a value or a Config of its own type", () => {
    // @ts-expect-error an API key and a username at once
    TileDBUsers.layerConfig({ apiKey: Config.redacted("KEY"), username: "ada" })
    // @ts-expect-error a Config<string> is not a Config<Redacted<string>>
    TileDBUsers.layerConfig({ password: Config.string("MYAPP_PASSWORD") })
    assert.isTrue(Layer.isLayer(TileDBUsers.layerConfig({ password: Config.redacted("MYAPP_PASSWORD") })))
  })
})
