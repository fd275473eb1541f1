import * as Api from "@userkit/core/Api"
import * as Endpoint from "@userkit/core/Endpoint"
import * as Schema from "effect/Schema"

// A small vendor API, enough to exercise every path of the core without a real vendor.
export const Problem = Schema.Struct({
  detail: Schema.optional(Schema.String),
  traceId: Schema.optional(Schema.String)
})

export const Item = Schema.Struct({ id: Schema.String, createdAt: Schema.Date })

export const TestApi = Api.make({
  vendor: "Acme",
  errorBody: Problem,
  requestId: (body, headers) => body?.traceId ?? headers["x-request-id"],
  errorMessage: (body) => body?.detail,
  operations: {
    getItem: Endpoint.make({
      method: "GET",
      path: "/items/{id}",
      success: Item,
      errors: [404, 429, 503]
    }),
    createItem: Endpoint.make({
      method: "POST",
      path: "/items",
      body: Schema.Struct({ id: Schema.String.pipe(Schema.minLength(3)), secret: Schema.Redacted(Schema.String) }),
      success: Item,
      successStatus: 201,
      errors: [409, 429, 503]
    }),
    listItems: Endpoint.make({
      method: "GET",
      path: "/items",
      query: Schema.Struct({
        limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 100))),
        tag: Schema.optional(Schema.Array(Schema.String))
      }),
      success: Schema.Array(Item),
      errors: [400]
    }),
    ping: Endpoint.make({
      method: "GET",
      path: "/ping",
      errors: []
    })
  }
})

export const { createItem, getItem, listItems, ping } = TestApi.operations

export const itemJson = { id: "a1", createdAt: "2024-05-01T10:00:00.000Z" }
