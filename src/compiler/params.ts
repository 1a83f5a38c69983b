// The launch parameters a kernel can read (program.ts's ABI): the range [LO, HI) of a split
// program's part, and which part of how many it is (split reductions).
import { int32 } from '../core/dtypes.js';
import { Sym } from '../ir/exp.js';

const MAX = 2147483647;

/** Launch-parameter symbols, shared by every program. */
export const PARAMS = {
  LO: new Sym('param', int32, 'LO', [0, MAX]),
  HI: new Sym('param', int32, 'HI', [0, MAX]),
  PART: new Sym('param', int32, 'PART', [0, MAX]),
  NPARTS: new Sym('param', int32, 'NPARTS', [1, MAX]),
} as const;
