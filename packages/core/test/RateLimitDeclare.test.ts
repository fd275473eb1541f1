import { assert, describe, it } from "@effect/vitest"
import * as RateLimit from "@userkit/core/RateLimit"

const api = {
  vendor: "Acme",
  operations: {
    getItem: { method: "GET" },
    listItems: { method: "GET" },
    createItem: { method: "POST" },
    patchItem: { method: "PATCH" },
    deleteItem: { method: "DELETE" }
  }
}

describe("RateLimit.declare", () => {
  it("keeps the class each operation is named in", () => {
    const quotas = RateLimit.declare(api, {
      read: { limit: 10, operations: ["getItem", "listItems"] },
      create: { limit: 1, operations: ["createItem"] },
      delete: { limit: 2, operations: ["deleteItem"] },
      write: { limit: 5, operations: ["patchItem"] }
    })
    assert.deepStrictEqual(quotas.classOf, {
      getItem: "read",
      listItems: "read",
      createItem: "create",
      deleteItem: "delete",
      patchItem: "write"
    })
  })

  it("classes an operation no class names by its method, never leaving it unlimited", () => {
    const withDelete = RateLimit.declare(api, {
      read: { limit: 10, operations: ["getItem"] },
      delete: { operations: [] }
    })
    assert.deepStrictEqual(withDelete.classOf, {
      getItem: "read",
      listItems: "read",
      createItem: "write",
      patchItem: "write",
      deleteItem: "delete"
    })
    const withoutDelete = RateLimit.declare(api, { write: { limit: 5, operations: [] } })
    assert.strictEqual(withoutDelete.classOf["deleteItem"], "write")
    assert.strictEqual(withoutDelete.classOf["createItem"], "write")
  })
})
