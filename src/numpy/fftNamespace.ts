// The `jnp.fft` namespace (JAX's jax.numpy.fft): the transforms (fft.ts) on lax.fft, sample
// frequencies and shifts (fftHelpers.ts).
export { fft, fft2, fftn, hfft, ifft, ifft2, ifftn, ihfft, irfft, irfft2, irfftn, rfft, rfft2, rfftn, type Fft1dOptions, type FftNdOptions } from './fft.js';
export { fftfreq, fftshift, ifftshift, rfftfreq, type FftFreqOptions } from './fftHelpers.js';
