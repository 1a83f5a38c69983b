// The kernels the compiler provides to primitives that name them (a `builtin` lowering).
import type { BuiltinLowering, KernelContext, LowerInfo } from '../lowering.js';
import { convKernel } from './conv.js';
import { dotKernel } from './dot.js';
import { fftKernel } from './fft.js';
import { sortKernel } from './sort.js';

/** Builtin kernels by name. */
export const builtinKernels: Record<BuiltinLowering['kernel'], (ctx: KernelContext, info: LowerInfo<never>) => void> = {
  dot_general: dotKernel as (ctx: KernelContext, info: LowerInfo<never>) => void,
  conv_general_dilated: convKernel as (ctx: KernelContext, info: LowerInfo<never>) => void,
  sort: sortKernel as (ctx: KernelContext, info: LowerInfo<never>) => void,
  fft: fftKernel as (ctx: KernelContext, info: LowerInfo<never>) => void,
};
