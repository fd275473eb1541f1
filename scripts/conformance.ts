/**
 * `npm run conformance`: compares each vendor package's endpoint declarations with the vendor's
 * spec excerpt in `../shared/specs/` and its seed in `../shared/seeds/`.
 *
 * For every operation of the seed (which sets the operation list and names), it checks the
 * method and path (against the seed and the spec), the path and query parameters, the request
 * body, the success status, the documented error statuses, every field and required flag of the
 * models reachable from the operation (request body, success body, error body), and that the
 * spec's example values decode with the package's schemas.
 *
 * A difference is either fixed in the package or explained in the package README's
 * "Conformance" section, whose table lists each difference exactly as printed here with its
 * reason. An unexplained difference, a failed example, or an explanation for a difference that
 * no longer exists makes the check fail. Without `../shared` it says so and exits 0.
 * `USERKIT_SHARED=<dir>` reads the specs and seeds from another directory.
 */
import * as AstronomerApi from "@userkit/astronomer/Api"
import * as AuthressApi from "@userkit/authress/Api"
import type * as CoreApi from "@userkit/core/Api"
import * as CoreErrors from "@userkit/core/Errors"
import * as RocksetApi from "@userkit/rockset/Api"
import * as TileDBApi from "@userkit/tiledb/Api"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Yaml from "yaml"
import { root } from "./workspace.js"

// ---------------------------------------------------------------------------------------------
// What is compared with what: the seed file and spec file of each vendor. Each declared endpoint
// names its spec operation itself (`operationId`).
// ---------------------------------------------------------------------------------------------

interface Vendor {
  readonly vendor: string
  readonly folder: string
  readonly spec: string
  readonly seed: string
  readonly api: CoreApi.Api<Schema.Schema.AnyNoContext>
  /** The statuses a `default` error response stands for (TileDB); none elsewhere. */
  readonly defaultStatuses?: ReadonlyArray<number>
  /** The error responses the package says the spec lists, to be checked against the spec. */
  readonly specifiedResponses?: Readonly<Record<string, ReadonlyArray<number | "default">>>
}

const vendors: ReadonlyArray<Vendor> = [
  {
    vendor: "Rockset",
    folder: "rockset",
    spec: "rockset-users.openapi.yaml",
    // The newer of the two Rockset seeds (DESIGN.md: "for Rockset the newest seed, 000_…").
    seed: "000_a4adae00f3c72f70.txt",
    api: RocksetApi.RocksetApi
  },
  {
    vendor: "Authress",
    folder: "authress",
    spec: "authress-users.openapi.yaml",
    seed: "002_ec3c9196fba7f569.txt",
    api: AuthressApi.AuthressApi
  },
  {
    vendor: "Astronomer",
    folder: "astronomer",
    spec: "astronomer-users.openapi.yaml",
    seed: "003_d0156e07274769ef.txt",
    api: AstronomerApi.AstronomerApi
  },
  {
    vendor: "TileDB",
    folder: "tiledb",
    // The vendor's Swagger 2.0 file is the authority (the OAS3 file is a mechanical conversion).
    spec: "tiledb-users.openapi.yaml",
    seed: "004_8d089757bd259fe9.txt",
    api: TileDBApi.TileDBApi,
    defaultStatuses: TileDBApi.defaultStatuses,
    specifiedResponses: TileDBApi.specifiedResponses
  }
]

// ---------------------------------------------------------------------------------------------
// Reading the spec (OpenAPI 3 or Swagger 2.0) into one shape.
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

const record = (value: unknown): Json => (isRecord(value) ? value : {})

const list = (value: unknown): ReadonlyArray<unknown> => (Array.isArray(value) ? value : [])

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)

const methods = ["get", "post", "put", "patch", "delete"] as const

interface SpecParameter {
  readonly name: string
  readonly required: boolean
}

interface SpecOperation {
  readonly key: string
  readonly method: string
  readonly path: string
  readonly pathParams: ReadonlyArray<string>
  readonly query: ReadonlyArray<SpecParameter>
  readonly body: { readonly schema: unknown; readonly required: boolean } | undefined
  readonly successStatus: number | undefined
  readonly successSchema: unknown
  /** The error responses as listed: statuses and `"default"`. */
  readonly errorResponses: ReadonlyArray<number | "default">
  readonly errorSchemas: ReadonlyArray<unknown>
}

class SpecDocument {
  constructor(readonly document: Json) {}

  /** Follows a local `$ref` (`#/components/schemas/User`, `#/definitions/User`). */
  resolve(value: unknown): { readonly schema: Json; readonly name: string | undefined } {
    let current = record(value)
    let name: string | undefined
    for (let hops = 0; hops < 32 && typeof current.$ref === "string"; hops++) {
      const ref = current.$ref
      name = ref.split("/").slice(-1)[0]
      let target: unknown = this.document
      for (const part of ref.replace(/^#\//, "").split("/")) target = record(target)[part]
      current = record(target)
    }
    return { schema: current, name }
  }

  private parameters(items: unknown): ReadonlyArray<Json> {
    return list(items).map((item) => this.resolve(item).schema)
  }

  private responseSchema(response: unknown): unknown {
    const resolved = this.resolve(response).schema
    if ("schema" in resolved) return resolved.schema
    const content = record(resolved.content)
    const media = content["application/json"] ?? Object.values(content)[0]
    return media === undefined ? undefined : record(media).schema
  }

  operations(): ReadonlyArray<SpecOperation> {
    const found: Array<SpecOperation> = []
    for (const [path, item] of Object.entries(record(this.document.paths))) {
      const pathItem = record(item)
      const shared = this.parameters(pathItem.parameters)
      for (const method of methods) {
        if (!(method in pathItem)) continue
        const operation = record(pathItem[method])
        // Operation-level parameters override path-level ones with the same name and location.
        const own = this.parameters(operation.parameters)
        const parameters = [
          ...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
          ...own
        ]
        const bodyParameter = parameters.find((p) => p.in === "body")
        const requestBody = operation.requestBody === undefined ? undefined : this.resolve(operation.requestBody).schema
        const body = bodyParameter !== undefined
          ? { schema: bodyParameter.schema, required: bodyParameter.required === true }
          : requestBody !== undefined
          ? {
            schema:
              record(record(requestBody.content)["application/json"] ?? Object.values(record(requestBody.content))[0])
                .schema,
            required: requestBody.required === true
          }
          : undefined
        const responses = record(operation.responses)
        const codes = Object.keys(responses)
        const success = codes.map(Number).find((code) => code >= 200 && code < 300)
        const errorCodes = codes.filter((code) => code === "default" || Number(code) >= 300)
        found.push({
          key: text(operation.operationId) ?? `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          pathParams: parameters.filter((p) => p.in === "path").map((p) => String(p.name)),
          query: parameters.filter((p) => p.in === "query").map((p) => ({
            name: String(p.name),
            required: p.required === true
          })),
          body,
          successStatus: success,
          successSchema: success === undefined ? undefined : this.responseSchema(responses[String(success)]),
          errorResponses: errorCodes.map((code) => (code === "default" ? "default" : Number(code))),
          errorSchemas: errorCodes.map((code) => this.responseSchema(responses[code])).filter((s) => s !== undefined)
        })
      }
    }
    return found
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the package's schemas: their encoded (wire) side, from the Schema AST.
// ---------------------------------------------------------------------------------------------

interface WireField {
  readonly name: string
  readonly optional: boolean
  readonly type: AST.AST
}

/** Strips what does not change the wire shape: laziness, and `null`/`undefined` alternatives. */
const wireNode = (ast: AST.AST): AST.AST => {
  let current = ast
  for (let hops = 0; hops < 32; hops++) {
    if (AST.isSuspend(current)) current = current.f()
    else if (AST.isRefinement(current)) current = current.from
    else if (AST.isTransformation(current)) current = current.from
    else if (AST.isUnion(current)) {
      const members = current.types.filter((member) =>
        !AST.isUndefinedKeyword(member) && !(AST.isLiteral(member) && member.literal === null)
      )
      if (members.length !== 1) return current
      current = members[0]
    } else return current
  }
  return current
}

const wireFields = (ast: AST.AST): ReadonlyArray<WireField> | undefined => {
  const node = wireNode(AST.encodedAST(ast))
  if (!AST.isTypeLiteral(node)) return undefined
  return node.propertySignatures.map((signature) => ({
    name: String(signature.name),
    optional: signature.isOptional,
    type: signature.type
  }))
}

const wireKind = (ast: AST.AST): string => {
  const node = wireNode(ast)
  if (AST.isTypeLiteral(node)) return "object"
  if (AST.isTupleType(node)) return "array"
  if (AST.isStringKeyword(node) || AST.isTemplateLiteral(node)) return "string"
  if (AST.isNumberKeyword(node)) return "number"
  if (AST.isBooleanKeyword(node)) return "boolean"
  if (AST.isLiteral(node)) return typeof node.literal
  if (AST.isUnion(node)) {
    const kinds = new Set(node.types.map(wireKind))
    return kinds.size === 1 ? [...kinds][0] : "union"
  }
  return node._tag
}

const arrayItem = (ast: AST.AST): AST.AST | undefined => {
  const node = wireNode(ast)
  return AST.isTupleType(node) && node.rest.length > 0 ? node.rest[0].type : undefined
}

const specKind = (schema: Json): string | undefined => {
  const type = text(schema.type)
  if (type === "integer") return "number"
  if (type !== undefined) return type
  if (isRecord(schema.properties)) return "object"
  if (isRecord(schema.items)) return "array"
  return undefined
}

const isNoInput = (ast: AST.AST): boolean => AST.isUndefinedKeyword(ast) || AST.isVoidKeyword(ast)

// ---------------------------------------------------------------------------------------------
// Comparing.
// ---------------------------------------------------------------------------------------------

type Direction = "request" | "response"

interface ModelReport {
  readonly label: string
  fields: number
  readonly differences: Array<string>
}

class Comparison {
  readonly differences: Array<string> = []
  readonly models = new Map<string, ModelReport>()

  constructor(readonly spec: SpecDocument) {}

  /**
   * Walks a spec schema and a package schema side by side, recording field differences once per
   * model; `reached` collects the models an operation reaches, compared before or not.
   */
  model(
    specSchema: unknown,
    ast: AST.AST,
    direction: Direction,
    owner: string,
    reached: Set<string>,
    depth = 0
  ): void {
    if (depth > 12) return
    const { name, schema } = this.spec.resolve(specSchema)
    const kind = specKind(schema)
    if (kind === "array") {
      const item = arrayItem(ast)
      if (item !== undefined && isRecord(schema.items)) {
        this.model(schema.items, item, direction, owner, reached, depth + 1)
      }
      return
    }
    if (kind !== "object" || !isRecord(schema.properties)) return
    const label = `${name ?? `${owner} (inline)`} (${direction})`
    reached.add(label)
    if (this.models.has(label)) return
    const report: ModelReport = { label, fields: 0, differences: [] }
    this.models.set(label, report)
    const fields = wireFields(ast)
    if (fields === undefined) {
      report.differences.push(`${label}: an object in the spec, ${wireKind(ast)} here`)
      return
    }
    const required = new Set(list(schema.required).map(String))
    const byName = new Map(fields.map((field) => [field.name, field]))
    for (const [field, value] of Object.entries(schema.properties)) {
      const property = this.spec.resolve(value).schema
      const readOnly = property.readOnly === true || record(value).readOnly === true
      const mine = byName.get(field)
      if (mine === undefined) {
        // A read-only property is never sent (OpenAPI: "SHOULD NOT be sent as part of the request").
        if (direction === "request" && readOnly) continue
        report.differences.push(`${label}: field ${field} is in the spec only`)
        continue
      }
      report.fields++
      const specRequired = required.has(field) && !(direction === "request" && readOnly)
      if (specRequired && mine.optional) {
        report.differences.push(`${label}: field ${field} is required in the spec, optional here`)
      }
      if (!specRequired && !mine.optional) {
        report.differences.push(`${label}: field ${field} is optional in the spec, required here`)
      }
      const expected = specKind(property)
      const actual = wireKind(mine.type)
      if (expected !== undefined && expected !== actual && !(expected === "object" && actual === "Declaration")) {
        report.differences.push(`${label}: field ${field} is ${expected} in the spec, ${actual} here`)
      }
      this.model(value, mine.type, direction, `${owner}.${field}`, reached, depth + 1)
    }
    for (const field of fields) {
      if (!(field.name in schema.properties)) {
        report.differences.push(`${label}: field ${field.name} is not in the spec`)
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The spec's examples.
// ---------------------------------------------------------------------------------------------

interface Example {
  readonly value: unknown
  /** Paths of required fields the spec gives no example for: "missing" there is expected. */
  readonly gaps: ReadonlyArray<string>
}

const assembleExample = (spec: SpecDocument, value: unknown, path: string, depth = 0): Example | undefined => {
  if (depth > 12) return undefined
  const { schema } = spec.resolve(value)
  if ("example" in schema) return { value: schema.example, gaps: [] }
  const kind = specKind(schema)
  if (kind === "array" && isRecord(schema.items)) {
    const item = assembleExample(spec, schema.items, `${path}[0]`, depth + 1)
    return item === undefined ? undefined : { value: [item.value], gaps: item.gaps }
  }
  if (kind !== "object" || !isRecord(schema.properties)) return undefined
  const required = new Set(list(schema.required).map(String))
  const out: Record<string, unknown> = {}
  const gaps: Array<string> = []
  let found = false
  for (const [field, property] of Object.entries(schema.properties)) {
    const example = assembleExample(spec, property, `${path}.${field}`, depth + 1)
    if (example === undefined) {
      if (required.has(field)) gaps.push(`${path}.${field}`)
      continue
    }
    found = true
    out[field] = example.value
    gaps.push(...example.gaps)
  }
  return found ? { value: out, gaps } : undefined
}

type ExampleOutcome = { readonly _tag: "none" } | { readonly _tag: "decoded" } | {
  readonly _tag: "failed"
  readonly message: string
}

const decodeExample = (spec: SpecDocument, specSchema: unknown, schema: Schema.Schema.AnyNoContext): ExampleOutcome => {
  const example = assembleExample(spec, specSchema, "")
  if (example === undefined) return { _tag: "none" }
  const result = ParseResult.decodeUnknownEither(schema, { errors: "all" })(example.value)
  if (Either.isRight(result)) return { _tag: "decoded" }
  const issues = ParseResult.ArrayFormatter.formatIssueSync(result.left).filter((issue) => {
    const path = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("")
    return !(issue._tag === "Missing" && example.gaps.includes(path))
  })
  if (issues.length === 0) return { _tag: "decoded" }
  // A nullable field reports its `null` and `undefined` alternatives too; the real issue is deeper.
  const relevant = issues.filter((issue) => !/^Expected (null|undefined), actual/.test(issue.message))
  return {
    _tag: "failed",
    message: (relevant.length > 0 ? relevant : issues)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ")
  }
}

// ---------------------------------------------------------------------------------------------
// The seed's operation list.
// ---------------------------------------------------------------------------------------------

interface SeedOperation {
  readonly name: string
  readonly method: string
  readonly path: string
}

const seedOperations = (content: string): ReadonlyArray<SeedOperation> => {
  const found = new Map<string, SeedOperation>()
  const line = /^\[?\**([a-z][a-z0-9_]*)\**\]?(?:\([^)]*\))?\s*\|?\s*\**(GET|POST|PUT|PATCH|DELETE)\**\s+(\/\S*)/
  for (const row of content.split("\n")) {
    const match = line.exec(row.trim())
    if (match === null || found.has(match[1])) continue
    const name = match[1].replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())
    found.set(match[1], { name, method: match[2], path: match[3] })
  }
  return [...found.values()]
}

// ---------------------------------------------------------------------------------------------
// The README's explanations.
// ---------------------------------------------------------------------------------------------

/** The rows of the "Conformance" section's table: the difference in backticks, then its reason. */
const explanations = (readme: string): ReadonlyMap<string, string> => {
  const found = new Map<string, string>()
  const start = readme.search(/^## Conformance\b/m)
  if (start < 0) return found
  const rest = readme.slice(start + 1)
  const end = rest.search(/^## /m)
  for (const row of (end < 0 ? rest : rest.slice(0, end)).split("\n")) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(row)
    // `\|` is how a table cell holds a `|`.
    if (match !== null) found.set(match[1], match[2].replaceAll("\\|", "|"))
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// One vendor.
// ---------------------------------------------------------------------------------------------

const statusList = (statuses: ReadonlyArray<number | "default">): string =>
  [...statuses].sort((a, b) => String(a).localeCompare(String(b))).join(",")

const sameSet = <A>(a: ReadonlyArray<A>, b: ReadonlyArray<A>): boolean =>
  a.length === b.length && a.every((item) => b.includes(item)) && b.every((item) => a.includes(item))

const pad = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()).join("\n")
}

interface VendorResult {
  readonly vendor: string
  readonly operations: number
  readonly matching: number
  readonly explained: number
  readonly unexplained: number
  readonly stale: number
  readonly failedExamples: number
}

const checkVendor = (shared: string, vendor: Vendor): VendorResult => {
  const spec = new SpecDocument(record(Yaml.parse(Fs.readFileSync(Path.join(shared, "specs", vendor.spec), "utf8"))))
  const seed = seedOperations(Fs.readFileSync(Path.join(shared, "seeds", vendor.seed), "utf8"))
  const specOperations = spec.operations()
  const endpoints = new Map(vendor.api.endpoints.map((endpoint) => [endpoint.name, endpoint]))
  const comparison = new Comparison(spec)
  const differences: Array<{ readonly operation: string; readonly text: string }> = []
  const failedExamples: Array<string> = []
  const differ = (operation: string, what: string) => differences.push({ operation, text: `${operation}: ${what}` })
  const rows: Array<Array<string>> = [[
    "operation",
    "spec operation",
    "method+path",
    "path params",
    "query",
    "body",
    "success",
    "error statuses",
    "examples",
    "result"
  ]]

  // The seed sets the list: every seed operation is declared, and nothing else is.
  for (const op of seed) {
    if (!endpoints.has(op.name)) differ(op.name, "in the seed, not declared")
  }
  for (const name of endpoints.keys()) {
    if (!seed.some((op) => op.name === name)) differ(name, "declared, not in the seed")
  }

  for (const endpoint of vendor.api.endpoints) {
    const name = endpoint.name
    const before = differences.length
    const reached = new Set<string>()
    const seedOp = seed.find((op) => op.name === name)
    // The declaration names its spec operation: the operationId, or "METHOD /path" where there is none.
    const key = endpoint.operationId
    const op = specOperations.find((candidate) => candidate.key === key)
    if (op === undefined) {
      differ(name, `no spec operation ${key}`)
      rows.push([name, key, "-", "-", "-", "-", "-", "-", "-", "not in the spec"])
      continue
    }
    const mark = (ok: boolean, detail: string) => (ok ? `ok ${detail}`.trimEnd() : `DIFF ${detail}`.trimEnd())

    // Method and path, against the spec and the seed.
    const routeOk = op.method === endpoint.method && op.path === endpoint.path
    if (!routeOk) differ(name, `${endpoint.method} ${endpoint.path} here, ${op.method} ${op.path} in the spec`)
    if (seedOp !== undefined && (seedOp.method !== endpoint.method || seedOp.path !== endpoint.path)) {
      differ(name, `${endpoint.method} ${endpoint.path} here, ${seedOp.method} ${seedOp.path} in the seed`)
    }

    // Path parameters.
    const paramsOk = sameSet(op.pathParams, endpoint.params)
    if (!paramsOk) {
      differ(name, `path parameters ${endpoint.params.join(",")} here, ${op.pathParams.join(",")} in the spec`)
    }

    // Query parameters: the names and required flags of the query schema's encoded side.
    const queryFields = isNoInput(endpoint.query.ast) ? [] : (wireFields(endpoint.query.ast) ?? [])
    const queryBefore = differences.length
    for (const parameter of op.query) {
      const mine = queryFields.find((field) => field.name === parameter.name)
      if (mine === undefined) differ(name, `query ${parameter.name} is in the spec only`)
      else if (parameter.required === mine.optional) {
        differ(name, `query ${parameter.name} is ${parameter.required ? "required" : "optional"} in the spec only`)
      }
    }
    for (const field of queryFields) {
      if (!op.query.some((parameter) => parameter.name === field.name)) {
        differ(name, `query ${field.name} is not in the spec`)
      }
    }
    const queryOk = differences.length === queryBefore

    // Request body.
    const hasBody = !isNoInput(endpoint.body.ast)
    let bodyOk = true
    if (op.body !== undefined && !hasBody) {
      bodyOk = false
      differ(name, "the spec has a request body, none is sent")
    }
    if (op.body === undefined && hasBody) {
      bodyOk = false
      differ(name, "a request body is sent, the spec has none")
    }
    if (op.body !== undefined && hasBody) comparison.model(op.body.schema, endpoint.body.ast, "request", name, reached)

    // Success status and body.
    let successOk = op.successStatus === endpoint.successStatus
    if (!successOk) differ(name, `success ${endpoint.successStatus} here, ${op.successStatus ?? "none"} in the spec`)
    const specHasBody = op.successSchema !== undefined
    if (specHasBody !== endpoint.expectsBody) {
      successOk = false
      differ(
        name,
        `success ${endpoint.expectsBody ? "has" : "has no"} body here, the spec's ${
          specHasBody ? "has" : "has no"
        } body`
      )
    }
    if (specHasBody && endpoint.expectsBody) {
      comparison.model(op.successSchema, endpoint.success.ast, "response", name, reached)
    }

    // Error statuses: those listed, and for a `default` response every status it maps to.
    const listed = op.errorResponses.filter((status): status is number => status !== "default")
    const expected = op.errorResponses.includes("default")
      ? [...new Set([...listed, ...(vendor.defaultStatuses ?? [])])]
      : listed
    const declared: ReadonlyArray<number> = endpoint.errors
    let errorsOk = sameSet(expected, declared)
    if (!errorsOk) differ(name, `error statuses ${statusList(declared)} here, ${statusList(expected)} in the spec`)
    if (op.errorResponses.includes("default") && vendor.defaultStatuses === undefined) {
      errorsOk = false
      differ(name, "the spec has a default error response, mapped to nothing here")
    }
    const specified = vendor.specifiedResponses?.[name]
    if (vendor.specifiedResponses !== undefined && !sameSet(specified ?? [], op.errorResponses)) {
      errorsOk = false
      differ(
        name,
        `specifiedResponses ${statusList(specified ?? [])} here, ${statusList(op.errorResponses)} in the spec`
      )
    }
    for (const schema of op.errorSchemas) {
      comparison.model(schema, vendor.api.errorBody.ast, "response", `${name} error`, reached)
    }

    // The spec's examples decode with the package's schemas.
    const outcomes: Array<string> = []
    const failuresBefore = failedExamples.length
    const tryExample = (what: string, specSchema: unknown, schema: Schema.Schema.AnyNoContext) => {
      const outcome = decodeExample(spec, specSchema, schema)
      if (outcome._tag === "decoded") outcomes.push(what)
      if (outcome._tag === "failed") {
        outcomes.push(`${what} FAILED`)
        failedExamples.push(`${name} ${what}: ${outcome.message}`)
      }
    }
    if (op.body !== undefined && hasBody) tryExample("body", op.body.schema, endpoint.body)
    if (specHasBody && endpoint.expectsBody) tryExample("success", op.successSchema, endpoint.success)
    if (op.errorSchemas.length > 0) tryExample("error", op.errorSchemas[0], vendor.api.errorBody)

    // An operation differs where it does itself, or where a model it reaches does.
    const operationDifferences = differences.length - before +
      [...reached].reduce((sum, label) => sum + (comparison.models.get(label)?.differences.length ?? 0), 0)
    const exampleFailures = failedExamples.length - failuresBefore
    rows.push([
      name,
      op.key,
      mark(routeOk, ""),
      mark(paramsOk, op.pathParams.length === 0 ? "-" : String(op.pathParams.length)),
      mark(queryOk, op.query.length === 0 && queryFields.length === 0 ? "-" : String(queryFields.length)),
      mark(bodyOk, hasBody ? "yes" : "-"),
      mark(successOk, String(endpoint.successStatus)),
      mark(errorsOk, op.errorResponses.includes("default") ? `${declared.length} (default)` : String(declared.length)),
      outcomes.length === 0 ? "none in spec" : outcomes.join("+"),
      [
        operationDifferences === 0 ? "" : `${operationDifferences} difference(s)`,
        exampleFailures === 0 ? "" : `${exampleFailures} example(s) failed`
      ].filter((part) => part !== "").join(", ") || "match"
    ])
  }

  for (const report of comparison.models.values()) {
    for (const difference of report.differences) differences.push({ operation: "", text: difference })
  }

  // Explanations.
  const readme = Fs.readFileSync(Path.join(root, "packages", vendor.folder, "README.md"), "utf8")
  const explained = explanations(readme)
  const seen = new Set(differences.map((d) => d.text))
  const unexplained = differences.filter((d) => !explained.has(d.text))
  const stale = [...explained.keys()].filter((text) => !seen.has(text))

  const matching = rows.slice(1).filter((row) => row[9] === "match").length
  console.log(`\n### ${vendor.vendor}: @userkit/${vendor.folder} vs specs/${vendor.spec} and seeds/${vendor.seed}\n`)
  console.log(pad(rows))
  console.log("\nmodels (every field and required flag, reached from the operations above):")
  console.log(pad([
    ["model", "fields matched", "differences"],
    ...[...comparison.models.values()].map((report) => [
      report.label,
      String(report.fields),
      String(report.differences.length)
    ])
  ]))
  if (differences.length > 0) {
    console.log("\ndifferences:")
    for (const difference of differences) {
      const reason = explained.get(difference.text)
      console.log(`  - ${difference.text}\n      ${reason === undefined ? "UNEXPLAINED" : `explained: ${reason}`}`)
    }
  }
  for (const text of stale) console.log(`  - STALE README entry (no such difference any more): ${text}`)
  for (const failure of failedExamples) console.log(`  - EXAMPLE FAILED: ${failure}`)
  console.log(
    `\n${vendor.vendor}: ${endpoints.size} operations, ${matching} matching outright; ` +
      `${differences.length} difference(s) (${differences.length - unexplained.length} explained in the README, ` +
      `${unexplained.length} unexplained); ${failedExamples.length} example failures; ${stale.length} stale explanations`
  )
  return {
    vendor: vendor.vendor,
    operations: endpoints.size,
    matching,
    explained: differences.length - unexplained.length,
    unexplained: unexplained.length,
    stale: stale.length,
    failedExamples: failedExamples.length
  }
}

// ---------------------------------------------------------------------------------------------

const main = (): number => {
  // `USERKIT_SHARED` points elsewhere (to try the check on an altered copy of the specs).
  const shared = Path.resolve(root, process.env.USERKIT_SHARED ?? Path.join("..", "shared"))
  if (!Fs.existsSync(Path.join(shared, "specs")) || !Fs.existsSync(Path.join(shared, "seeds"))) {
    console.log(`conformance: ${shared} (specs/ and seeds/) not found beside the repository: skipped`)
    return 0
  }
  // Core's status classes are what a `default` response can map to; TileDB's list must be them.
  const known: ReadonlyArray<number> = CoreErrors.knownStatuses
  if (!sameSet(known, TileDBApi.defaultStatuses)) {
    console.log("conformance: TileDB's defaultStatuses differ from core's knownStatuses")
    return 1
  }
  console.log("## Conformance: the packages' endpoint declarations against the vendors' specs and seeds")
  const results = vendors.map((vendor) => checkVendor(shared, vendor))
  console.log("\n## Summary\n")
  console.log(pad([
    ["vendor", "operations", "matching", "explained differences", "unexplained", "stale", "example failures"],
    ...results.map((
      r
    ) => [
      r.vendor,
      String(r.operations),
      String(r.matching),
      String(r.explained),
      String(r.unexplained),
      String(r.stale),
      String(r.failedExamples)
    ])
  ]))
  const failed = results.some((r) => r.unexplained > 0 || r.stale > 0 || r.failedExamples > 0)
  console.log(failed ? "\nconformance: FAILED" : "\nconformance: every difference is explained")
  return failed ? 1 : 0
}

process.exitCode = main()
