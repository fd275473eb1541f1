import { describe, expectTypeOf, it } from "@effect/vitest"
import type * as Client from "@userkit/core/Client"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as TypeTests from "@userkit/testkit/Types"
import type * as Api from "@userkit/tiledb/Api"
import type * as Errors from "@userkit/tiledb/Errors"
import type * as Models from "@userkit/tiledb/Models"
import type * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"

type Service = TileDBUsers.TileDBUsersService
type ErrorOf<Name extends keyof Service> = TypeTests.ErrorOf<Service, Name>
type SuccessOf<Name extends keyof Service> = TypeTests.SuccessOf<Service, Name>

// The union, spelled out: every status the `default` response maps to a class, with TileDB's Error body.
type StatusErrors = TypeTests.Statuses<Models.Error>
type CallErrors = TypeTests.CallErrors<Models.Error>
type WithoutInput = StatusErrors | CallErrors
type WithInput = WithoutInput | CoreErrors.RequestValidationError

// What the core client infers from each declaration, to check the service's declared types against it.
type Inferred<Name extends Api.OperationName> = Effect.Effect.Error<
  ReturnType<Client.Operation<(typeof Api.TileDBApi.operations)[Name], Models.Error>>
>

describe("error unions", () => {
  it("the aliases are the spelled-out unions", () => {
    expectTypeOf<Errors.TileDBError>().toEqualTypeOf<WithoutInput>()
    expectTypeOf<Errors.TileDBInputError>().toEqualTypeOf<WithInput>()
    expectTypeOf<Errors.TileDBStatusError<404>>().toEqualTypeOf<CoreErrors.NotFound<Models.Error>>()
    expectTypeOf<Errors.TileDBStatusError<502>>().toEqualTypeOf<CoreErrors.BadGateway<Models.Error>>()
    expectTypeOf<Errors.TileDBStatusError<409>>().toEqualTypeOf<CoreErrors.Conflict<Models.Error>>()
  })

  it("operations without input cannot fail validation", () => {
    expectTypeOf<ErrorOf<"confirmEmail">>().toEqualTypeOf<WithoutInput>()
    expectTypeOf<ErrorOf<"getTokenScopes">>().toEqualTypeOf<WithoutInput>()
    expectTypeOf<ErrorOf<"getUser">>().toEqualTypeOf<WithoutInput>()
    expectTypeOf<ErrorOf<"tokensGet">>().toEqualTypeOf<WithoutInput>()
    expectTypeOf<ErrorOf<"tokensSessionGet">>().toEqualTypeOf<WithoutInput>()
  })

  it("operations with input can", () => {
    expectTypeOf<ErrorOf<"addAwsAccessCredentials">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"addUserToOrganization">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"checkAwsAccessCredentials">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"checkAwsAccessCredentialsByName">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"createUser">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"deleteAwsAccessCredentials">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"deleteUser">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"deleteUserFromOrganization">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"getOrganizationUser">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"getSession">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"getUserWithUsername">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"requestToken">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"resetUserPassword">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"revokeToken">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"updateAwsAccessCredentials">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"updateUser">>().toEqualTypeOf<WithInput>()
    expectTypeOf<ErrorOf<"updateUserInOrganization">>().toEqualTypeOf<WithInput>()
  })

  it("the service's declared errors are exactly what the core client infers from the declarations", () => {
    expectTypeOf<Inferred<"getUser">>().toEqualTypeOf<ErrorOf<"getUser">>()
    expectTypeOf<Inferred<"confirmEmail">>().toEqualTypeOf<ErrorOf<"confirmEmail">>()
    expectTypeOf<Inferred<"getUserWithUsername">>().toEqualTypeOf<ErrorOf<"getUserWithUsername">>()
    expectTypeOf<Inferred<"createUser">>().toEqualTypeOf<ErrorOf<"createUser">>()
    expectTypeOf<Inferred<"getSession">>().toEqualTypeOf<ErrorOf<"getSession">>()
    expectTypeOf<Inferred<"updateUserInOrganization">>().toEqualTypeOf<ErrorOf<"updateUserInOrganization">>()
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
