import { describe, expectTypeOf, it } from "@effect/vitest"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as Effect from "effect/Effect"
import type * as Models from "../src/Models.js"
import type * as RocksetUsers from "../src/RocksetUsers.js"

type Service = RocksetUsers.RocksetUsersService
type ErrorOf<K extends keyof Service> = Service[K] extends (...args: never) => Effect.Effect<unknown, infer E> ? E
  : never
type SuccessOf<K extends keyof Service> = Service[K] extends (...args: never) => Effect.Effect<infer A, unknown> ? A
  : never

type Documented =
  | CoreErrors.BadRequest<Models.ErrorModel>
  | CoreErrors.Unauthorized<Models.ErrorModel>
  | CoreErrors.Forbidden<Models.ErrorModel>
  | CoreErrors.NotFound<Models.ErrorModel>
  | CoreErrors.MethodNotAllowed<Models.ErrorModel>
  | CoreErrors.NotAcceptable<Models.ErrorModel>
  | CoreErrors.RequestTimeout<Models.ErrorModel>
  | CoreErrors.Conflict<Models.ErrorModel>
  | CoreErrors.UnsupportedMediaType<Models.ErrorModel>
  | CoreErrors.TooManyRequests<Models.ErrorModel>
  | CoreErrors.InternalServerError<Models.ErrorModel>
  | CoreErrors.NotImplemented<Models.ErrorModel>
  | CoreErrors.BadGateway<Models.ErrorModel>
  | CoreErrors.ServiceUnavailable<Models.ErrorModel>

type Always =
  | CoreErrors.UnexpectedStatus<Models.ErrorModel>
  | CoreErrors.ResponseDecodeError
  | CoreErrors.TimeoutError
  | CoreErrors.TransportError

describe("error unions", () => {
  it("operations with input: the 14 documented statuses, the call errors, and request validation", () => {
    expectTypeOf<ErrorOf<"create">>().toEqualTypeOf<Documented | Always | CoreErrors.RequestValidationError>()
    expectTypeOf<ErrorOf<"delete">>().toEqualTypeOf<Documented | Always | CoreErrors.RequestValidationError>()
    expectTypeOf<ErrorOf<"get">>().toEqualTypeOf<Documented | Always | CoreErrors.RequestValidationError>()
    expectTypeOf<ErrorOf<"update">>().toEqualTypeOf<Documented | Always | CoreErrors.RequestValidationError>()
    expectTypeOf<ErrorOf<"updateUnsubscribePreferences">>().toEqualTypeOf<
      Documented | Always | CoreErrors.RequestValidationError
    >()
  })

  it("operations without input cannot fail validation", () => {
    expectTypeOf<ErrorOf<"getCurrentUser">>().toEqualTypeOf<Documented | Always>()
    expectTypeOf<ErrorOf<"list">>().toEqualTypeOf<Documented | Always>()
    expectTypeOf<ErrorOf<"listUnsubscribePreferences">>().toEqualTypeOf<Documented | Always>()
  })

  it("successes", () => {
    expectTypeOf<SuccessOf<"get">>().toEqualTypeOf<Models.User>()
    expectTypeOf<SuccessOf<"update">>().toEqualTypeOf<Models.User>()
    expectTypeOf<SuccessOf<"create">>().toEqualTypeOf<Models.CreateUserResponse>()
    expectTypeOf<Models.ErrorModel["type"]>().toEqualTypeOf<
      "AUTHEXCEPTION" | "NOTFOUND" | Models.ErrorModel["type"]
    >()
  })
})
