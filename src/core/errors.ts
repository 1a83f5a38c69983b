// The error classes of API.md section 7. Every message says what happened and what to do.

/**
 * The base class of every error jaxpool raises on purpose (`err instanceof JaxpoolError`); `name`
 * is the subclass's name and `cause` the underlying error when there is one.
 *
 * @example
 * ```ts
 * try {
 *   jnp.add(jnp.ones([2]), jnp.ones([3]));
 * } catch (e) {
 *   if (e instanceof ShapeError) console.log(e.message); // says which shapes and what to do
 * }
 * ```
 */
export class JaxpoolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Shapes that do not broadcast, bad axes, wrong ranks. */
export class ShapeError extends JaxpoolError {}
/** Unknown dtype, float64 without x64, non-numeric data. */
export class DtypeError extends JaxpoolError {}
/** A traced value was used where a concrete JS value is needed. */
export class ConcretizationError extends JaxpoolError {}
/** A host callback threw; the original error is `cause`. */
export class CallbackError extends JaxpoolError {}
/** A host callback returned a value whose structure, shape or dtype does not match its declaration. */
export class CallbackResultError extends JaxpoolError {}
/** An implicit transfer happened while `transferGuard` disallows it. */
export class TransferGuardError extends JaxpoolError {}
/** A worker device died; arrays computed on it are lost. */
export class DeviceLostError extends JaxpoolError {}
/** Use of an array after `delete()`. */
export class DeletedArrayError extends JaxpoolError {}
/** A blocking wait ran past its timeout. */
export class TimeoutError extends JaxpoolError {}
/** A transformation met something it cannot handle (e.g. a pure_callback under jvp). */
export class TransformError extends JaxpoolError {}
