import { describe, expectTypeOf, it } from "@effect/vitest"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as TypeTests from "@userkit/testkit/Types"
import type * as Models from "../src/Models.js"
import type * as RocksetUsers from "../src/RocksetUsers.js"

type Service = RocksetUsers.RocksetUsersService
type ErrorOf<K extends keyof Service> = TypeTests.ErrorOf<Service, K>
type SuccessOf<K extends keyof Service> = TypeTests.SuccessOf<Service, K>

// Every operation documents all fourteen statuses.
type Documented = TypeTests.Statuses<Models.ErrorModel>

type Always = TypeTests.CallErrors<Models.ErrorModel>

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
