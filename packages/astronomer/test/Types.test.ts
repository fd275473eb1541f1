import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as Pagination from "@userkit/core/Pagination"
import type * as TypeTests from "@userkit/testkit/Types"
import * as Config from "effect/Config"
import * as Layer from "effect/Layer"
import type * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import type * as Errors from "../src/Errors.js"
import type * as Models from "../src/Models.js"

type Service = AstronomerUsers.AstronomerUsersService
type SuccessOf<K extends keyof Service> = TypeTests.SuccessOf<Service, K>
type Always = TypeTests.CallErrors<Models.Error> | CoreErrors.RequestValidationError
type WithNotFound = TypeTests.Statuses<Models.Error, 400 | 401 | 403 | 404 | 500> | Always
type WithoutNotFound = TypeTests.Statuses<Models.Error, 400 | 401 | 403 | 500> | Always
type Listings = "listOrgUsers" | "listWorkspaceUsers"
type Streams = "listOrgUsersStream" | "listWorkspaceUsersStream"
// Every operation but the listings addresses one user, one organization or the caller: it can 404.
type Addressed = Exclude<Api.OperationName, Listings>

describe("types", () => {
  it("each operation's error union is exactly its documented statuses plus the call errors", () => {
    expectTypeOf<TypeTests.ErrorsOf<Service, Addressed>>().toEqualTypeOf<TypeTests.Each<Addressed, WithNotFound>>()
    expectTypeOf<TypeTests.ErrorsOf<Service, Listings>>().toEqualTypeOf<TypeTests.Each<Listings, WithoutNotFound>>()
    expectTypeOf<TypeTests.ErrorsOf<Service, Streams>>().toEqualTypeOf<
      TypeTests.Each<Streams, WithoutNotFound | Pagination.PaginationError>
    >()
    expectTypeOf<Errors.AstronomerError>().toEqualTypeOf<WithNotFound>()
    expectTypeOf<Errors.AstronomerListError>().toEqualTypeOf<WithoutNotFound>()
  })

  it("the service's error types are the ones the declarations derive", () => {
    expectTypeOf<TypeTests.ErrorsOf<Service, Api.OperationName>>().toEqualTypeOf<
      TypeTests.DeclaredErrors<typeof Api.AstronomerApi.operations, Models.Error>
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

describe("layerConfig options", () => {
  it("takes a value or a Config of the option's own type, nothing else", () => {
    // @ts-expect-error a Config<string> is not a Config<Redacted<string>>: the token stays redacted
    AstronomerUsers.layerConfig({ token: Config.string("MYAPP_ASTRO_TOKEN") })
    // @ts-expect-error the base URL is a string
    AstronomerUsers.layerConfig({ baseUrl: Config.integer("PORT") })
    assert.isTrue(Layer.isLayer(AstronomerUsers.layerConfig({ baseUrl: Config.string("URL") })))
  })
})
