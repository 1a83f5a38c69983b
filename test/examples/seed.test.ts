// The seed example of API.md section 1, run as `npm run demo` runs it, against its exact lines.
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/bessel/demo.js';

describe('seed example (API.md section 1)', () => {
  it('prints exactly the seed lines', () => {
    const lines: string[] = [];
    main((l) => lines.push(l));
    const golden = '[ 0.          0.44005057  0.5767248   0.33905897 -0.06604332]';
    expect(lines[0]).toBe(golden); // eager
    expect(lines[1]).toBe(golden); // jit
    expect(lines[2]).toBe(golden); // vmap
    expect(lines[3]).toMatch(/Pure callbacks do not support JVP.*customJvp/);
    expect(lines[4]).toBe('-0.06447162');
    expect(lines[5]).toBe('Array(-0.4003078, dtype=float32, weak_type=True)');
  });
});
