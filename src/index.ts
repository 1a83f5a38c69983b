// jaxpool: JAX for Node.js. The public API (see API.md).
import './compiler/applyPrimitive.js'; // installs eager execution of primitives
import * as numpy from './numpy/index.js';
import * as lax from './laxNamespace.js';
import * as nn from './nn/index.js';
import * as scipy from './scipy/index.js';
import * as random from './random/index.js';

export {
  /** NumPy's API on jaxpool arrays, by family (JAX's `jax.numpy`; import as `jnp`). */
  numpy,
  /** The primitive-level API (JAX's `jax.lax`): elementwise ops and their primitives, shapes, reductions, control flow. */
  lax,
  /** Neural-network functions (JAX's `jax.nn`): activations, softmax family, oneHot, standardize, dotProductAttention. */
  nn,
  /** SciPy's API (JAX's `jax.scipy`): `scipy.special` (erf, gammaln, digamma, …) and `scipy.stats.norm`. */
  scipy,
  /** Pseudo-random numbers from explicit keys (JAX's `jax.random`): `random.normal(random.key(0), [3])`. */
  random,
};
export { Array, Array as JaxArray, type ArrayLike, type Complex, type ComplexNdArrayLike, type IndexSpec, type NestedArrayLike, type NestedNumbers, type NdArrayLike, type TypedArray, type Slice } from './core/array.js';
export type { HostLeaf, HostTree, HostArgs, ArrayTree, ArrayTreeOut, ArrayArgs, GradTree, DiffTree, NestedArrays, ArgIndex } from './core/treeTypes.js';
export { ShapeDtypeStruct, ShapedArray } from './core/aval.js';
export { DType, type DTypeName, type DTypeLike } from './core/dtypes.js';
export { config, type ConfigValues, type TransferMode, type TransferGuardLevel } from './core/config.js';
export { transferGuard } from './core/transferGuard.js';
export { treeUtil } from './core/pytree.js';
export { TreeDef, type PyTree } from './core/pytree.js';
export * from './core/errors.js';
export { ClosedJaxpr, Jaxpr } from './core/jaxpr.js';
export { jit, makeJaxpr, type JitOptions, type Jitted } from './transforms/jit.js';
export { jvp } from './transforms/jvp.js';
export { grad, valueAndGrad, vjp, linearize, jacfwd, jacrev, hessian, type JacobianOptions, type JacobianFn } from './transforms/grad.js';
export type { AnyFunction, ArrayFunction, Scalar, Argnums, GradOf, GradArgs, DiffArgs, Indices, GradOptions, Transformed, AuxOf, MainOf, ParamTrees } from './transforms/signatures.js';
export { vmap, type VmapOptions, type AxisSpec } from './transforms/vmap.js';
export { customJvp, customVjp, type CustomJvpFunction, type CustomVjpFunction, type JvpRule, type RuleOut, type DropArgs } from './transforms/customJvp.js';
export type { ScanOptions } from './control/scan.js';
export { stopGradient } from './lax/stopGradient.js';
export { pureCallback } from './callbacks/pureCallback.js';
export { ioCallback } from './callbacks/ioCallback.js';
export { debug } from './callbacks/debug.js';
export { effectsBarrier } from './compiler/effects.js';
export { nj, NdArray } from './callbacks/hostArrays.js';
export { NdArray0d } from './callbacks/ndarray0d.js';
export { ComplexNdArray, type ComplexDtypeName } from './callbacks/complexNdArray.js';
export type { HostArray } from './callbacks/types.js';
export { WorkerDevice } from './runtime/device.js';
export { devices, defaultDevice, shutdown } from './runtime/devices.js';
export { transfers } from './runtime/transfers.js';
export { profiler } from './runtime/profiler.js';
export { devicePut, deviceGet, defaultBackend } from './transfer.js';
export { testing, memoryStats, type MemoryStats, type KillHow, type KillMoment } from './testing.js';
export { batch, type BatchOptions, type BatchSummary, type BatchProgress, type BatchFunction, type BatchWorkerOptions, type BatchWorkerHandle } from './batch/index.js';
