import type * as ParseResult from "effect/ParseResult"
import type { FieldIssue } from "../Errors.js"

const appendPath = (path: string, key: PropertyKey): string =>
  typeof key === "number" ? `${path}[${key}]` : path === "" ? String(key) : `${path}.${String(key)}`

// Effect's own formatters print the value that failed; a password or a token must never be
// echoed, so only the path and the schema's description of what was expected are kept.
const collect = (issue: ParseResult.ParseIssue, path: string, out: Array<FieldIssue>): void => {
  switch (issue._tag) {
    case "Pointer": {
      const keys: ReadonlyArray<PropertyKey> = typeof issue.path === "object" ? issue.path : [issue.path]
      let inner = path
      for (const key of keys) inner = appendPath(inner, key)
      collect(issue.issue, inner, out)
      return
    }
    case "Composite": {
      const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues]
      const found: Array<FieldIssue> = []
      for (const inner of issues) collect(inner, path, found)
      // An optional field is a union with `undefined`; saying it could also have been left out
      // adds nothing to what the given value should have been.
      const informative = found.filter((field) => field.expected !== "undefined")
      out.push(...(informative.length > 0 ? informative : found))
      return
    }
    case "Refinement":
      if (issue.kind === "From") collect(issue.issue, path, out)
      else out.push({ path, expected: String(issue.ast) })
      return
    case "Transformation":
      collect(issue.issue, path, out)
      return
    case "Missing":
      out.push({ path, expected: "a value (it is missing)" })
      return
    case "Unexpected":
      out.push({ path, expected: "no such field" })
      return
    case "Type":
    case "Forbidden":
      out.push({ path, expected: String(issue.ast) })
      return
  }
}

/** The failing fields of a parse issue, under `root`, without the values that failed. */
export const fieldIssues = (issue: ParseResult.ParseIssue, root: string): Array<FieldIssue> => {
  const out: Array<FieldIssue> = []
  collect(issue, root, out)
  return out
}

/** One line naming each failing field. */
export const describeIssues = (issues: ReadonlyArray<FieldIssue>): string =>
  issues.map((issue) => `${issue.path === "" ? "(root)" : issue.path}: expected ${issue.expected}`).join("; ")
