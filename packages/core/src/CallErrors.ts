/**
 * What any call can fail with besides its documented statuses (and, with input, validation):
 * the classes each vendor's `Errors` module re-exports as they are, from this one list.
 *
 * @since 0.2.0
 */

/**
 * A request rejected before sending, a 2xx body that does not decode, the client-side timeout, a
 * transport failure, a status the operation does not document, and a shared rate-limit store that
 * did not answer (only when set to fail).
 *
 * @since 0.2.0
 * @category errors
 */
export {
  RateLimitUnavailable,
  RequestValidationError,
  ResponseDecodeError,
  TimeoutError,
  TransportError,
  UnexpectedStatus
} from "./Errors.js"
