import { describe, expectTypeOf, it } from "@effect/vitest"
import type * as Client from "@userkit/core/Client"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as Pagination from "@userkit/core/Pagination"
import type * as TypeTests from "@userkit/testkit/Types"
import type * as Effect from "effect/Effect"
import type * as Api from "../src/Api.js"
import type * as AstronomerUsers from "../src/AstronomerUsers.js"
import type * as Errors from "../src/Errors.js"
import type * as Models from "../src/Models.js"

type Service = AstronomerUsers.AstronomerUsersService
type ErrorOf<K extends keyof Service> = TypeTests.ErrorOf<Service, K>
type SuccessOf<K extends keyof Service> = TypeTests.SuccessOf<Service, K>
// What the generic client derives from a declaration, to check the service's explicit types against.
type DeclaredError<E> = Client.Operation<E, Models.Error> extends (
  ...args: ReadonlyArray<never>
) => Effect.Effect<infer _A, infer Failure> ? Failure
  : never

type Always = TypeTests.CallErrors<Models.Error> | CoreErrors.RequestValidationError
type WithNotFound = TypeTests.Statuses<Models.Error, 400 | 401 | 403 | 404 | 500> | Always
type WithoutNotFound = TypeTests.Statuses<Models.Error, 400 | 401 | 403 | 500> | Always

describe("types", () => {
  it("each operation's error union is exactly its documented statuses plus the call errors", () => {
    expectTypeOf<ErrorOf<"deleteOrgUser">>().toEqualTypeOf<WithNotFound>()
    expectTypeOf<ErrorOf<"deleteWorkspaceUser">>().toEqualTypeOf<WithNotFound>()
    expectTypeOf<ErrorOf<"getSelfUser">>().toEqualTypeOf<WithNotFound>()
    expectTypeOf<ErrorOf<"getUser">>().toEqualTypeOf<WithNotFound>()
    expectTypeOf<ErrorOf<"listOrgUsers">>().toEqualTypeOf<WithoutNotFound>()
    expectTypeOf<ErrorOf<"listWorkspaceUsers">>().toEqualTypeOf<WithoutNotFound>()
    expectTypeOf<ErrorOf<"mutateOrgUserRole">>().toEqualTypeOf<WithNotFound>()
    expectTypeOf<ErrorOf<"mutateWorkspaceUserRole">>().toEqualTypeOf<WithNotFound>()
    expectTypeOf<ErrorOf<"listOrgUsersStream">>().toEqualTypeOf<WithoutNotFound | Pagination.PaginationError>()
    expectTypeOf<ErrorOf<"listWorkspaceUsersStream">>().toEqualTypeOf<WithoutNotFound | Pagination.PaginationError>()
    expectTypeOf<Errors.AstronomerError>().toEqualTypeOf<WithNotFound>()
    expectTypeOf<Errors.AstronomerListError>().toEqualTypeOf<WithoutNotFound>()
  })

  it("the service's error types are the ones the declarations derive", () => {
    expectTypeOf<DeclaredError<typeof Api.AstronomerApi.operations.deleteOrgUser>>().toEqualTypeOf<
      ErrorOf<"deleteOrgUser">
    >()
    expectTypeOf<DeclaredError<typeof Api.AstronomerApi.operations.deleteWorkspaceUser>>().toEqualTypeOf<
      ErrorOf<"deleteWorkspaceUser">
    >()
    expectTypeOf<DeclaredError<typeof Api.AstronomerApi.operations.getSelfUser>>().toEqualTypeOf<
      ErrorOf<"getSelfUser">
    >()
    expectTypeOf<DeclaredError<typeof Api.AstronomerApi.operations.getUser>>().toEqualTypeOf<ErrorOf<"getUser">>()
    expectTypeOf<DeclaredError<typeof Api.AstronomerApi.operations.listOrgUsers>>().toEqualTypeOf<
      ErrorOf<"listOrgUsers">
    >()
    expectTypeOf<DeclaredError<typeof Api.AstronomerApi.operations.listWorkspaceUsers>>().toEqualTypeOf<
      ErrorOf<"listWorkspaceUsers">
    >()
    expectTypeOf<DeclaredError<typeof Api.AstronomerApi.operations.mutateOrgUserRole>>().toEqualTypeOf<
      ErrorOf<"mutateOrgUserRole">
    >()
    expectTypeOf<DeclaredError<typeof Api.AstronomerApi.operations.mutateWorkspaceUserRole>>().toEqualTypeOf<
      ErrorOf<"mutateWorkspaceUserRole">
    >()
  })

  it("successes", () => {
    expectTypeOf<SuccessOf<"deleteOrgUser">>().toBeVoid()
    expectTypeOf<SuccessOf<"deleteWorkspaceUser">>().toBeVoid()
    expectTypeOf<SuccessOf<"getSelfUser">>().toEqualTypeOf<Models.Self>()
    expectTypeOf<SuccessOf<"getUser">>().toEqualTypeOf<Models.User>()
    expectTypeOf<SuccessOf<"listOrgUsers">>().toEqualTypeOf<Models.UsersPaginated>()
    expectTypeOf<SuccessOf<"mutateOrgUserRole">>().toEqualTypeOf<Models.UserRole>()
    expectTypeOf<SuccessOf<"listOrgUsersStream">>().toEqualTypeOf<Models.User>()
    expectTypeOf<Models.User["createdAt"]>().toEqualTypeOf<Date>()
    expectTypeOf<Models.Self["updatedAt"]>().toEqualTypeOf<Date>()
    expectTypeOf<Models.User["lastLogin"]>().toEqualTypeOf<string | undefined>()
  })

  it("sorts: only `field:asc|desc` for the documented fields of each listing", () => {
    expectTypeOf<Models.OrgUserSort>().toEqualTypeOf<
      `${"createdAt" | "fullName" | "id" | "orgRole" | "status" | "updatedAt" | "username"}:${"asc" | "desc"}`
    >()
    expectTypeOf<Models.WorkspaceUserSort>().toEqualTypeOf<
      `${"createdAt" | "fullName" | "status" | "updatedAt" | "username" | "workspaceRole"}:${"asc" | "desc"}`
    >()
    // Never run: only compiled. Each `@ts-expect-error` fails the typecheck if the line compiles.
    const compileOnly = (users: Service) => {
      users.listOrgUsers("org", { sorts: ["createdAt:asc", "username:desc", "orgRole:asc", "id:desc"] })
      users.listWorkspaceUsers("org", "ws", { sorts: ["workspaceRole:desc", "fullName:asc"] })
      users.listOrgUsersStream("org", { sorts: ["status:asc"] })
      // @ts-expect-error: the workspace role is no organization sort field
      users.listOrgUsers("org", { sorts: ["workspaceRole:asc"] })
      // @ts-expect-error: a direction is required
      users.listOrgUsers("org", { sorts: ["createdAt"] })
      // @ts-expect-error: only asc and desc
      users.listOrgUsers("org", { sorts: ["createdAt:up"] })
      // @ts-expect-error: comma-joined criteria are not one criterion
      users.listOrgUsers("org", { sorts: ["createdAt:asc,username:desc"] })
      // @ts-expect-error: workspaces cannot be sorted by id
      users.listWorkspaceUsers("org", "ws", { sorts: ["id:asc"] })
      // @ts-expect-error: nor by organization role
      users.listWorkspaceUsersStream("org", "ws", { sorts: ["orgRole:desc"] })
      // @ts-expect-error: sorts is a list, not one string
      users.listOrgUsers("org", { sorts: "createdAt:asc" })
      // @ts-expect-error: hasInvites only filters organization listings
      users.listWorkspaceUsers("org", "ws", { hasInvites: true })
    }
    expectTypeOf(compileOnly).toBeFunction()
  })

  it("roles: the known values or any string", () => {
    expectTypeOf<Models.OrganizationRole>().toEqualTypeOf<
      "ORGANIZATION_MEMBER" | "ORGANIZATION_BILLING_ADMIN" | "ORGANIZATION_OWNER" | (string & {})
    >()
    expectTypeOf<Models.WorkspaceRole>().toEqualTypeOf<
      "WORKSPACE_MEMBER" | "WORKSPACE_AUTHOR" | "WORKSPACE_OPERATOR" | "WORKSPACE_OWNER" | (string & {})
    >()
    expectTypeOf<Models.MutateOrgUserRoleRequest>().toEqualTypeOf<{ readonly role: Models.OrganizationRole }>()
    expectTypeOf<Models.User["orgRole"]>().toEqualTypeOf<Models.OrganizationRole | undefined>()
    expectTypeOf<Models.User["workspaceRole"]>().toEqualTypeOf<Models.WorkspaceRole | undefined>()
    const compileOnly = (users: Service) => {
      users.mutateOrgUserRole("org", "usr", { role: "ORGANIZATION_OWNER" })
      users.mutateOrgUserRole("org", "usr", { role: "ORGANIZATION_SOMETHING_NEW" })
      users.mutateWorkspaceUserRole("org", "ws", "usr", { role: "WORKSPACE_OPERATOR" })
      // @ts-expect-error: the role is required
      users.mutateOrgUserRole("org", "usr", {})
      // @ts-expect-error: a role is a string
      users.mutateWorkspaceUserRole("org", "ws", "usr", { role: 3 })
    }
    expectTypeOf(compileOnly).toBeFunction()
  })

  it("the status errors carry the decoded Astronomer Error", () => {
    expectTypeOf<Errors.AstronomerStatusError<404>["body"]>().toEqualTypeOf<Models.Error | undefined>()
    expectTypeOf<Models.Error>().toEqualTypeOf<{
      readonly message: string
      readonly requestId: string
      readonly statusCode: number
    }>()
  })
})
