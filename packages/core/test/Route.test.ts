import { assert, describe, it } from "@effect/vitest"
import * as Route from "@userkit/core/Route"
import * as FastCheck from "effect/FastCheck"

const template = Route.parse("/orgs/{org}/users/{user}")

describe("Route", () => {
  it("parses parameters in order", () => {
    assert.deepStrictEqual(template.params, ["org", "user"])
  })

  it("sends a hostile id as one percent-encoded segment", () => {
    const issues: Array<{ path: string; expected: string }> = []
    const path = Route.render(template, { org: "acme", user: "a/../../admin?x=1#f" }, issues)
    assert.strictEqual(path, "/orgs/acme/users/a%2F..%2F..%2Fadmin%3Fx%3D1%23f")
    assert.deepStrictEqual(issues, [])
    assert.strictEqual(new URL(path, "https://h.test").pathname, path)
  })

  it("rejects ids no URL can carry", () => {
    for (const id of ["", ".", ".."]) {
      const issues: Array<{ path: string; expected: string }> = []
      Route.render(template, { org: "acme", user: id }, issues)
      assert.deepStrictEqual(issues.map((issue) => issue.path), ["params.user"])
    }
  })

  it("any carriable id stays in its segment and decodes back to itself", () => {
    const id = FastCheck.oneof(
      FastCheck.string({ unit: "grapheme", maxLength: 30 }),
      FastCheck.stringMatching(/^[./?#% a-z]{1,10}$/)
    ).filter(Route.isCarriableSegment)
    FastCheck.assert(
      FastCheck.property(id, id, (org, user) => {
        const issues: Array<{ path: string; expected: string }> = []
        const path = Route.render(template, { org, user }, issues)
        const url = new URL(`https://h.test${path}`)
        assert.strictEqual(url.pathname, path)
        assert.strictEqual(url.search, "")
        assert.strictEqual(url.hash, "")
        assert.deepStrictEqual(Route.match(template, url.pathname), { org, user })
      }),
      { numRuns: 2_000 }
    )
  })

  it("does not match a path with an extra segment", () => {
    assert.strictEqual(Route.match(template, "/orgs/acme/users/a/b"), undefined)
    assert.strictEqual(Route.match(template, "/orgs/acme/users/"), undefined)
  })

  // A lone surrogate (a name cut in the middle of an emoji) cannot be percent-encoded:
  // `encodeURIComponent` throws URIError on it. It must be refused like "." and "..", as an issue
  // naming the parameter, never thrown from the method that builds the request.
  it("refuses ids that are not well-formed UTF-16 as an issue, without throwing", () => {
    for (const id of ["\uD800", "a\uDC00b", "😀".slice(0, 1), "\uDFFF\uD800"]) {
      assert.isFalse(Route.isCarriableSegment(id), JSON.stringify(id))
      const issues: Array<{ path: string; expected: string }> = []
      assert.doesNotThrow(() => Route.render(template, { org: "acme", user: id }, issues), JSON.stringify(id))
      assert.deepStrictEqual(issues.map((issue) => issue.path), ["params.user"], JSON.stringify(id))
    }
    // Well-formed astral characters are carried.
    assert.isTrue(Route.isCarriableSegment("😀"))
  })
})
