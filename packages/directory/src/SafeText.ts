/**
 * Vendor text made safe to show: names, emails, ids and error messages come from the vendors and
 * may hold anything a terminal or a spreadsheet would act on.
 *
 * - {@link terminal}: every C0 control (tab, CR and LF included), DEL, every C1 control, the
 *   bidirectional overrides, embeddings, marks and isolates (U+061C, U+200E, U+200F,
 *   U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators (U+2028, U+2029) are
 *   shown as `\uXXXX` escapes. Nothing a vendor sends can move the cursor, colour the output,
 *   open an OSC 8 hyperlink, start a new line or reorder what follows it.
 * - {@link csvCell}: the cell rule for CSV (RFC 4180 quoting plus OWASP's formula neutralisation).
 *   A spreadsheet may run a cell, or any part of it after a `,` or `;` (when it splits on those),
 *   as a formula if it starts with `=`, `+`, `-`, `@`, TAB, CR or LF, even after spaces. So at the
 *   start of the cell and after every `,` or `;` inside it, once past any spaces, a `'` is put
 *   before such a character (`=1+1` → `'=1+1`, ` @x` → ` '@x`, `a;=cmd` → `a;'=cmd`). Then the
 *   cell is quoted when it holds a `"`, `,`, `;`, CR, LF or TAB, or starts or ends with a space,
 *   with each `"` doubled.
 *
 * JSON needs neither: JSON escaping keeps the text faithful and inert.
 *
 * @since 0.3.0
 */

// Controls, DEL and C1; the bidi formatting characters; the line and paragraph separators.
// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g

/**
 * Vendor text for a terminal, with every character that could drive it shown escaped.
 *
 * @since 0.3.0
 * @category renderers
 */
export const terminal = (text: string): string =>
  text.replace(unsafe, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)

// At the cell's start or after a `,`/`;`, past spaces, a character a spreadsheet reads as a formula.
const formulaStart = /(^|[,;])( *)([=+\-@\t\r\n])/g
const needsQuotes = /["\r\n\t,;]|^ | $/

/**
 * One CSV cell: formula triggers neutralised, then quoted as RFC 4180 asks (see the module doc).
 *
 * @since 0.3.0
 * @category renderers
 */
export const csvCell = (text: string): string => {
  const neutral = text.replace(formulaStart, "$1$2'$3")
  return needsQuotes.test(neutral) ? `"${neutral.replaceAll("\"", "\"\"")}"` : neutral
}
