/**
 * A fast path for decoding response bodies, compiled once per schema.
 *
 * Effect's parser is interpretive: every node of every value allocates an `Either` and goes
 * through shared, megamorphic closures, so a 10,000-user list costs many times its `JSON.parse`.
 * The models userkit decodes use a small part of Schema (structs, arrays, optional and nullable
 * fields, literals, filters, dates), so this module generates, once per schema, plain functions
 * for that part (`new Function`, as Ajv and TypeBox do) which follow Effect's decoding rules step
 * by step (`ParseResult.go`, effect 3.x) and allocate only the output, and only where it differs
 * from the input: a struct or an array whose every value decodes to itself, with a struct's keys
 * those of the schema in its order, is answered as it is (the parser's copy would be equal to it).
 *
 * The fast path never decides a failure: on any value it does not accept it answers `fail`, and
 * the caller runs Effect's own parser, whose result (success or the exact parse issue) is the
 * answer. A schema with any node or annotation the compiler does not know is not compiled at all,
 * nor is anything where code generation is forbidden (a Content-Security-Policy without
 * `unsafe-eval`): Effect's parser then does all the work, as before.
 *
 * Generated code holds no data: property names are written as JSON string literals, every other
 * value (literals, filters, transformations) is passed in by reference.
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { dropNull } from "./nullable.js"

/** Returned by a compiled decoder for a value it leaves to Effect's parser. */
const fail: unique symbol = Symbol("userkit/decoder/fail")

type Decode = (input: unknown) => unknown

// The options the endpoints decode with; filters, declarations and transformations receive them.
const parseOptions: AST.ParseOptions = { errors: "all" }

const hasOwn = (value: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(value, key)

// An effect a filter, transformation or declaration returns: the fast path takes only a
// synchronous `Right`; anything else (a failure, an asynchronous effect) goes to the parser.
const rightOrFail = (result: unknown): unknown =>
  Either.isEither(result) ? (Either.isRight(result) ? result.right : fail) : fail

let codegenAllowed: boolean | undefined
const canGenerate = (): boolean => {
  if (codegenAllowed === undefined) {
    try {
      codegenAllowed = new Function("return 1")() === 1
    } catch {
      codegenAllowed = false
    }
  }
  return codegenAllowed
}

/** The values a generated function refers to, by index. */
class Refs {
  readonly values: Array<unknown> = []
  ref(value: unknown): string {
    this.values.push(value)
    return `r[${this.values.length - 1}]`
  }
}

const isDecode = (value: unknown): value is Decode => typeof value === "function"

const generate = (refs: Refs, body: string): Decode | undefined => {
  const factory = new Function("r", "F", "hasOwn", "some", "none", "isSome", `"use strict";return function(u){${body}}`)
  const decode: unknown = factory(refs.values, fail, hasOwn, Option.some, Option.none, Option.isSome)
  return isDecode(decode) ? decode : undefined
}

// Whether a union member is told apart by a literal-valued key (Effect's `getLiterals`): such
// unions are searched by key, not in order, so they are left to the parser.
const hasLiteralTags = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Declaration":
      return Option.isSome(AST.getSurrogateAnnotation(ast))
    case "TypeLiteral":
      return ast.propertySignatures.some((ps) => !ps.isOptional && AST.isLiteral(AST.encodedAST(ps.type)))
    case "TupleType":
      return ast.elements.some((e) => !e.isOptional && AST.isLiteral(AST.encodedAST(e.type)))
    case "Refinement":
      return hasLiteralTags(ast.from)
    case "Transformation":
      return hasLiteralTags(ast.from)
    case "Suspend":
      return true
    default:
      return false
  }
}

// A node that changes the parse options or falls back on failure is the parser's business.
const hasParserAnnotations = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

/**
 * A node whose decoding is a check that returns its input unchanged, as a boolean expression over
 * the variable named `v`: inlined where the node is used.
 */
const predicate = (ast: AST.AST, refs: Refs): ((v: string) => string) | undefined => {
  if (hasParserAnnotations(ast)) return undefined
  switch (ast._tag) {
    case "StringKeyword":
      return (v) => `typeof ${v}==="string"`
    case "NumberKeyword":
      return (v) => `typeof ${v}==="number"`
    case "BooleanKeyword":
      return (v) => `typeof ${v}==="boolean"`
    case "UndefinedKeyword":
      return (v) => `${v}===undefined`
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
      return () => "true"
    case "Literal": {
      if (ast.literal === null) return (v) => `${v}===null`
      const literal = refs.ref(ast.literal)
      return (v) => `${v}===${literal}`
    }
    case "TypeLiteral":
      // An empty struct accepts anything but `null` and `undefined`, and returns it as it is.
      return ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0
        ? (v) => `(${v}!==null&&${v}!==undefined)`
        : undefined
    case "Union": {
      if (ast.types.some(hasLiteralTags)) return undefined
      const members: Array<(v: string) => string> = []
      for (const member of ast.types) {
        const p = predicate(member, refs)
        if (p === undefined) return undefined
        members.push(p)
      }
      return (v) => `(${members.map((p) => `(${p(v)})`).join("||")})`
    }
    default:
      return undefined
  }
}

type Memo = Map<AST.AST, Decode | undefined>

// `Schema.Date` itself (a string through `new Date`, refused when the date is invalid), known
// exactly, is inlined: through its transformation and declaration each date cost two `Either`s and
// three calls, a third of an Astronomer listing's decoding.
const dateAst = Schema.Date.ast

/**
 * Statements decoding the variable `from` into the variable `to`, or returning `F`; `identity`
 * when the statements always leave `to` the very value of `from` (a check, no conversion).
 */
const emit = (
  ast: AST.AST,
  from: string,
  to: string,
  refs: Refs,
  memo: Memo
): { readonly code: string; readonly identity: boolean } | undefined => {
  if (ast === dateAst) {
    return {
      code: `if(typeof ${from}!=="string")return F;${to}=new Date(${from});if(Number.isNaN(${to}.getTime()))return F;`,
      identity: false
    }
  }
  const p = predicate(ast, refs)
  if (p !== undefined) return { code: `if(!(${p(from)}))return F;${to}=${from};`, identity: true }
  const decode = compile_(ast, memo)
  if (decode === undefined) return undefined
  return { code: `${to}=${refs.ref(decode)}(${from});if(${to}===F)return F;`, identity: false }
}

/**
 * Whether an object's own keys are, in their order, the struct's keys in its order, with every
 * required key present and nothing else: then the parser's output has exactly the input's keys,
 * in the same order, and the input can be answered as it is when each value decoded to itself.
 */
const keysInOrder = (names: ReadonlyArray<string>, required: ReadonlyArray<boolean>) => {
  const n = names.length
  return (u: object): boolean => {
    let i = 0
    for (const key in u) {
      while (i < n && names[i] !== key) {
        if (required[i]) return false
        i++
      }
      if (i === n) return false
      i++
    }
    for (; i < n; i++) if (required[i]) return false
    return true
  }
}

const compile_ = (ast: AST.AST, memo: Memo): Decode | undefined => {
  if (memo.has(ast)) return memo.get(ast)
  // Until compiled, a node reached again (a cycle) is not compiled.
  memo.set(ast, undefined)
  const compiled = hasParserAnnotations(ast) ? undefined : compileNode(ast, memo)
  memo.set(ast, compiled)
  return compiled
}

const compileNode = (ast: AST.AST, memo: Memo): Decode | undefined => {
  const refs = new Refs()
  const p = predicate(ast, refs)
  if (p !== undefined) return generate(refs, `return ${p("u")}?u:F;`)
  switch (ast._tag) {
    case "Refinement": {
      const from = compile_(ast.from, memo)
      if (from === undefined) return undefined
      return (u) => {
        const a = from(u)
        if (a === fail) return fail
        return Option.isNone(ast.filter(a, parseOptions, ast)) ? a : fail
      }
    }
    case "Declaration": {
      const parse = ast.decodeUnknown(...ast.typeParameters)
      return (u) => rightOrFail(parse(u, parseOptions, ast))
    }
    case "Transformation":
      return compileTransformation(ast, memo)
    case "Union": {
      if (ast.types.some(hasLiteralTags)) return undefined
      // The parser tries the members in order (none is told apart by a key) and keeps the first
      // that decodes.
      let body = "let a;"
      for (const member of ast.types) {
        const mp = predicate(member, refs)
        if (mp !== undefined) {
          body += `if(${mp("u")})return u;`
          continue
        }
        const decode = compile_(member, memo)
        if (decode === undefined) return undefined
        body += `a=${refs.ref(decode)}(u);if(a!==F)return a;`
      }
      return generate(refs, `${body}return F;`)
    }
    case "TupleType": {
      // Arrays (`Schema.Array`): no fixed elements, one rest type. The input array is the answer
      // while every item decodes to itself; a copy starts at the first that does not.
      if (ast.elements.length !== 0 || ast.rest.length !== 1) return undefined
      const item = emit(ast.rest[0].type, "v", "a", refs, memo)
      if (item === undefined) return undefined
      return generate(
        refs,
        item.identity
          ? `if(!Array.isArray(u))return F;const n=u.length;let v,a;for(let i=0;i<n;i++){v=u[i];${item.code}}return u;`
          : `if(!Array.isArray(u))return F;const n=u.length;let out,v,a;for(let i=0;i<n;i++){v=u[i];${item.code}` +
            `if(out!==undefined)out.push(a);else if(a!==v){out=u.slice(0,i);out.push(a);}}return out===undefined?u:out;`
      )
    }
    case "TypeLiteral": {
      // Each value is decoded into a local; when each is its input and the object has the
      // struct's keys in order (see keysInOrder), the object itself is the answer, as the parser's
      // copy would be equal to it key for key. Otherwise the copy is built, as the parser does.
      if (ast.indexSignatures.length > 0) return undefined
      let body = `if(typeof u!=="object"||u===null||Array.isArray(u))return F;let v,a,same=true;`
      let build = "const out={};"
      const names: Array<string> = []
      const required: Array<boolean> = []
      for (const [i, ps] of ast.propertySignatures.entries()) {
        if (typeof ps.name !== "string") return undefined
        const name = JSON.stringify(ps.name)
        const decode = emit(ps.type, "v", "a", refs, memo)
        if (decode === undefined) return undefined
        names.push(ps.name)
        required.push(!ps.isOptional)
        // As the parser does (not `exact`): a missing optional key is skipped, a missing
        // required key is decoded as `undefined` and kept when its type accepts that.
        const statement = `v=u[${name}];${decode.code}f${i}=a;${decode.identity ? "" : "if(a!==v)same=false;"}`
        body += ps.isOptional
          ? `const h${i}=hasOwn(u,${name});let f${i};if(h${i}){${statement}}`
          : `let f${i};${statement}`
        build += ps.isOptional ? `if(h${i})out[${name}]=f${i};` : `out[${name}]=f${i};`
      }
      const keys = refs.ref(keysInOrder(names, required))
      return generate(refs, `${body}if(same&&${keys}(u))return u;${build}return out;`)
    }
    default:
      return undefined
  }
}

/**
 * A struct with `optionalWith` fields: a struct decoded, then each transformed key moved in turn,
 * then the target struct read by name. When every transformation keeps its key and the keys
 * differ, each transformation sees the value the source struct decoded whatever the order, and
 * the target reads only its own keys: so the source is decoded into locals and the target built
 * from them, with no intermediate object and no `delete` (which turns objects into slow
 * dictionaries).
 */
const compileStructTransformation = (
  from: AST.TypeLiteral,
  to: AST.TypeLiteral,
  psts: ReadonlyArray<AST.PropertySignatureTransformation>,
  memo: Memo
): Decode | undefined => {
  const inPlace = psts.every((pst) => pst.from === pst.to) && new Set(psts.map((pst) => pst.from)).size === psts.length
  if (!inPlace || from.propertySignatures.length === 0) return undefined
  if (from.indexSignatures.length > 0 || to.indexSignatures.length > 0) return undefined
  const refs = new Refs()
  let body = `if(typeof u!=="object"||u===null||Array.isArray(u))return F;let v,a,o,has,val;`
  const locals = new Map<string, number>()
  for (const [i, ps] of from.propertySignatures.entries()) {
    if (typeof ps.name !== "string") return undefined
    const name = JSON.stringify(ps.name)
    const decode = emit(ps.type, "v", "a", refs, memo)
    if (decode === undefined) return undefined
    locals.set(ps.name, i)
    body += ps.isOptional
      ? `const h${i}=hasOwn(u,${name});let f${i};if(h${i}){v=u[${name}];${decode.code}f${i}=a;}`
      : `const h${i}=true;v=u[${name}];${decode.code}const f${i}=a;`
  }
  body += "const out={};"
  const byKey = new Map(psts.map((pst) => [pst.from, pst]))
  for (const ps of to.propertySignatures) {
    if (typeof ps.name !== "string") return undefined
    const name = JSON.stringify(ps.name)
    const local = locals.get(ps.name)
    body += local === undefined ? "has=false;val=undefined;" : `has=h${local};val=f${local};`
    const pst = byKey.get(ps.name)
    if (pst !== undefined) {
      // `Schemas.optionalNullable`'s own function, known exactly, is inlined; any other is called.
      body += pst.decode === dropNull
        ? "if(has&&val===null){has=false;val=undefined;}"
        : `o=${refs.ref(pst.decode)}(has?some(val):none());has=isSome(o);val=has?o.value:undefined;`
    }
    const decode = emit(ps.type, "val", "a", refs, memo)
    if (decode === undefined) return undefined
    const statement = `${decode.code}out[${name}]=a;`
    body += ps.isOptional ? `if(has){${statement}}` : statement
  }
  return generate(refs, `${body}return out;`)
}

const compileTransformation = (ast: AST.Transformation, memo: Memo): Decode | undefined => {
  const transformation = ast.transformation
  if (transformation._tag === "TypeLiteralTransformation") {
    // Anything but the fused form (renamed or shared keys, index signatures) is left to the parser.
    return AST.isTypeLiteral(ast.from) && AST.isTypeLiteral(ast.to) && !hasParserAnnotations(ast.from) &&
        !hasParserAnnotations(ast.to)
      ? compileStructTransformation(ast.from, ast.to, transformation.propertySignatureTransformations, memo)
      : undefined
  }
  const from = compile_(ast.from, memo)
  const to = compile_(ast.to, memo)
  if (from === undefined || to === undefined) return undefined
  if (transformation._tag === "ComposeTransformation") {
    return (u) => {
      const a = from(u)
      return a === fail ? fail : to(a)
    }
  }
  const decode = transformation.decode
  return (u) => {
    const a = from(u)
    if (a === fail) return fail
    const b = rightOrFail(decode(a, parseOptions, ast, u))
    return b === fail ? fail : to(b)
  }
}

const compileSchema = (schema: Schema.Schema.AnyNoContext): Decode | undefined =>
  canGenerate() ? compile_(schema.ast, new Map()) : undefined

/**
 * The fast path alone, or `undefined` when the schema is not compiled: for checking it against
 * the parser.
 *
 * @internal
 */
export const fastPath = (schema: Schema.Schema.AnyNoContext): ((input: unknown) => unknown) | undefined => {
  const fast = compileSchema(schema)
  return fast === undefined ? undefined : (input) => {
    const value = fast(input)
    return value === fail ? undefined : value
  }
}

/**
 * Compiles a schema's decoder: the fast path where it applies, Effect's parser (with
 * `errors: "all"`) for everything else and for every failure. The fast path is generated on the
 * first decode, so declaring endpoints (at import) costs nothing and unused ones never compile.
 *
 * @internal
 */
export const compile = <A, I>(
  schema: Schema.Schema<A, I, never>
): (input: unknown) => Either.Either<A, ParseResult.ParseIssue> => {
  const slow = ParseResult.decodeUnknownEither(schema, parseOptions)
  // The fast path's value is what the parser would produce, so it is the schema's `A`; the type
  // system cannot follow that through the AST, hence this one checked crossing.
  const typed = (value: unknown): value is A => value !== fail
  let decode: ((input: unknown) => Either.Either<A, ParseResult.ParseIssue>) | undefined
  return (input) => {
    if (decode === undefined) {
      const fast = compileSchema(schema)
      decode = fast === undefined ? slow : (json) => {
        const value = fast(json)
        return typed(value) ? Either.right(value) : slow(json)
      }
    }
    return decode(input)
  }
}
