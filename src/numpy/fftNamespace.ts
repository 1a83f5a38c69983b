// The `jnp.fft` namespace (JAX's jax.numpy.fft): sample frequencies and shifts (fftHelpers.ts).
export { fftfreq, fftshift, ifftshift, rfftfreq, type FftFreqOptions } from './fftHelpers.js';
