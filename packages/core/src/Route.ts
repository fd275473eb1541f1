/**
 * Route templates (`/users/{userId}`) and the encoding of their parameters.
 *
 * Every parameter is percent-encoded as one path segment, so no id can change the route:
 * `a/../../admin?x=1#f` is sent as `a%2F..%2F..%2Fadmin%3Fx%3D1%23f`. An empty id, `.` and `..`
 * cannot be carried by any URL (servers resolve `%2E%2E` as `..` too), and a string with a lone
 * UTF-16 surrogate has no UTF-8 form at all, so they are rejected.
 *
 * @since 0.1.0
 */
import type { FieldIssue } from "./Errors.js"

/**
 * A parsed route template: literal text and parameter names, in order.
 *
 * @since 0.1.0
 * @category models
 */
export interface Template {
  readonly parts: ReadonlyArray<{ readonly literal: string } | { readonly param: string }>
  readonly params: ReadonlyArray<string>
}

/**
 * Parses a route template.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parse = (path: string): Template => {
  const parts: Array<{ readonly literal: string } | { readonly param: string }> = []
  const params: Array<string> = []
  const pattern = /\{([^{}]+)\}/g
  let last = 0
  for (const match of path.matchAll(pattern)) {
    if (match.index > last) parts.push({ literal: path.slice(last, match.index) })
    parts.push({ param: match[1] })
    params.push(match[1])
    last = match.index + match[0].length
  }
  if (last < path.length) parts.push({ literal: path.slice(last) })
  return { parts, params }
}

// String.prototype.isWellFormed is ES2024; a lone surrogate is what makes encodeURIComponent throw.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const isWellFormed = (value: string): boolean => !loneSurrogate.test(value)

/**
 * Whether a value can travel as one path segment and come back unchanged.
 *
 * @since 0.1.0
 * @category guards
 */
export const isCarriableSegment = (value: string): boolean =>
  value !== "" && value !== "." && value !== ".." && isWellFormed(value)

/**
 * Encodes one path parameter.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeSegment = (value: string): string => encodeURIComponent(value)

/**
 * Renders a template with its parameters, adding an issue for each one that cannot be carried.
 *
 * @since 0.1.0
 * @category encoding
 */
export const render = (
  template: Template,
  params: { readonly [name: string]: string },
  issues: Array<FieldIssue>
): string => {
  let path = ""
  for (const part of template.parts) {
    if ("literal" in part) {
      path += part.literal
      continue
    }
    const value = params[part.param]
    if (typeof value !== "string" || !isCarriableSegment(value)) {
      issues.push({
        path: `params.${part.param}`,
        expected: "a well-formed, non-empty string other than \".\" and \"..\""
      })
      continue
    }
    path += encodeSegment(value)
  }
  return path
}

/**
 * Matches a request path (still percent-encoded) against a template, returning the decoded
 * parameters, or `undefined` when it does not match. Used by the fake vendors and the mock client.
 *
 * @since 0.1.0
 * @category matching
 */
export const match = (template: Template, path: string): Record<string, string> | undefined => {
  const params: Record<string, string> = {}
  let rest = path
  for (let i = 0; i < template.parts.length; i++) {
    const part = template.parts[i]
    if ("literal" in part) {
      if (!rest.startsWith(part.literal)) return undefined
      rest = rest.slice(part.literal.length)
      continue
    }
    const next = template.parts[i + 1]
    const end = next !== undefined && "literal" in next ? rest.indexOf(next.literal) : rest.length
    if (end <= 0) return undefined
    const segment = rest.slice(0, end)
    // A parameter is exactly one segment: a raw `/` means another route.
    if (segment.includes("/")) return undefined
    try {
      params[part.param] = decodeURIComponent(segment)
    } catch {
      return undefined
    }
    rest = rest.slice(end)
  }
  return rest === "" ? params : undefined
}
