/**
 * What any call can fail with besides its documented statuses (and, with input, validation):
 * the classes each vendor's `Errors` module re-exports as they are, from this one list.
 *
 * @since 0.2.0
 */

/**
 * A request rejected before sending, a 2xx body that does not decode, the client-side timeout, a
 * transport failure, and a status the operation does not document.
 *
 * @since 0.2.0
 * @category errors
 */
export {
  RequestValidationError,
  ResponseDecodeError,
  TimeoutError,
  TransportError,
  UnexpectedStatus
} from "./Errors.js"
