/**
 * One canonical form of an email address, used for every comparison the directory makes: find,
 * plan, review.
 *
 * What is accepted (a subset of an RFC 5321 mailbox, in ASCII):
 * - surrounding ASCII whitespace (space, tab, CR, LF, FF, VT) is trimmed; nothing else is;
 * - every other character is printable ASCII (`!` to `~`): any other character, a Unicode
 *   look-alike (fullwidth `ａ`, KELVIN SIGN `K`, Cyrillic `а`, Greek `ο`, a combining mark) or a
 *   space inside the address, makes the input invalid;
 * - the local part is an RFC 5322 dot-atom (atext runs separated by single dots, no leading or
 *   trailing dot), at most 64 characters; quoted local parts (`"a b"@x.org`) are refused;
 * - the domain is two or more LDH labels (letters, digits, inner hyphens; 1 to 63 characters
 *   each) separated by dots, at most 253 characters; address literals (`[192.0.2.1]`) and a
 *   trailing dot are refused;
 * - the whole address is at most 254 characters;
 * - `self` and `me` (the vendors' words for the caller) and ids (anything without `@`) are not
 *   emails.
 *
 * The canonical form is the trimmed address with both parts lower-cased in ASCII only (`A`–`Z`
 * to `a`–`z`; nothing else is folded, so no Unicode case mapping can turn a look-alike into a
 * letter). The vendors compare local parts without case, so the directory does too.
 *
 * @since 0.3.0
 */
import * as Brand from "effect/Brand"
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"

/**
 * An email address in its canonical form: what {@link parse} answers.
 *
 * @since 0.3.0
 * @category models
 */
export type Email = string & Brand.Brand<"@userkit/directory/Email">

/**
 * Input that is not an email address the directory accepts; `reason` says which rule it breaks.
 *
 * @since 0.3.0
 * @category errors
 */
export class InvalidEmail extends Data.TaggedError("InvalidEmail")<{
  readonly input: string
  readonly reason: string
}> {
  override get message(): string {
    return `not an email address: ${this.reason}`
  }
}

const reserved: ReadonlySet<string> = new Set(["self", "me"])
const asciiWhitespace = /^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g
const printableAscii = /^[\x21-\x7e]*$/
const atext = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]+"
const dotAtom = new RegExp(`^${atext}(?:\\.${atext})*$`)
const ldhLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/

const lowerAscii = (text: string): string =>
  text.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32))

const canonical = Brand.nominal<Email>()

const refuse = (input: string, reason: string) => Either.left(new InvalidEmail({ input, reason }))

/**
 * Parses an address into its canonical form, or says why it is not one.
 *
 * @since 0.3.0
 * @category parsing
 */
export const either = (input: string): Either.Either<Email, InvalidEmail> => {
  const text = input.replace(asciiWhitespace, "")
  if (text === "") return refuse(input, "empty")
  if (reserved.has(lowerAscii(text))) return refuse(input, `"${text}" is a reserved word, not an email address`)
  if (!printableAscii.test(text)) {
    return refuse(input, "only printable ASCII is accepted (no spaces, controls or non-ASCII characters)")
  }
  if (text.length > 254) return refuse(input, "longer than 254 characters")
  const at = text.lastIndexOf("@")
  if (at < 0) return refuse(input, "no @ (an id or a username is not an email address)")
  const local = text.slice(0, at)
  const domain = text.slice(at + 1)
  if (local === "") return refuse(input, "empty local part")
  if (local.length > 64) return refuse(input, "local part longer than 64 characters")
  if (!dotAtom.test(local)) {
    return refuse(input, "the local part is not a dot-atom (quoted local parts are not accepted)")
  }
  if (domain.startsWith("[")) return refuse(input, "address literals are not accepted")
  if (domain.length > 253) return refuse(input, "domain longer than 253 characters")
  const labels = domain.split(".")
  if (labels.length < 2) return refuse(input, "the domain needs a dot")
  if (!labels.every((label) => ldhLabel.test(label))) {
    return refuse(input, "the domain is not dot-separated labels of letters, digits and inner hyphens")
  }
  return Either.right(canonical(`${lowerAscii(local)}@${lowerAscii(domain)}`))
}

/**
 * {@link either} as an Effect.
 *
 * @since 0.3.0
 * @category parsing
 */
export const parse = (input: string): Effect.Effect<Email, InvalidEmail> => either(input)

/**
 * Whether a vendor's record is this person's: its email's canonical form equals `email`, byte
 * for byte. An absent or invalid vendor email never matches.
 *
 * @since 0.3.0
 * @category predicates
 */
export const matches = (vendorEmail: string | undefined, email: Email): boolean =>
  vendorEmail !== undefined && Either.match(either(vendorEmail), { onLeft: () => false, onRight: (c) => c === email })
