// `atob`/`btoa` rather than Node's Buffer: the package runs wherever WebCrypto does.

const toBinary = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return binary
}

const fromBinary = (binary: string): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Standard base64 (with `+`, `/`, optional padding), or `undefined` when the text is not base64. */
export const decodeBase64 = (text: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined
  try {
    return fromBinary(atob(text))
  } catch {
    return undefined
  }
}

/** Unpadded base64url (RFC 7515, section 2). */
export const encodeBase64Url = (bytes: Uint8Array): string =>
  btoa(toBinary(bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")

/** Unpadded base64url, or `undefined` when the text is not base64url. */
export const decodeBase64Url = (text: string): Uint8Array<ArrayBuffer> | undefined =>
  /^[A-Za-z0-9_-]*$/.test(text) ? decodeBase64(text.replace(/-/g, "+").replace(/_/g, "/")) : undefined

/** UTF-8 text as unpadded base64url. */
export const encodeTextBase64Url = (text: string): string => encodeBase64Url(new TextEncoder().encode(text))

/** Unpadded base64url as UTF-8 text, or `undefined`. */
export const decodeTextBase64Url = (text: string): string | undefined => {
  const bytes = decodeBase64Url(text)
  if (bytes === undefined) return undefined
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}
