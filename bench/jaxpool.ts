// The package under test: the built JS (what users install; `npm run bench` builds it first),
// so timings carry no TypeScript-loader overhead in the workers. Falls back to the sources.
import { existsSync } from 'node:fs';
import type * as Jaxpool from '../src/index.js';

const built = new URL('../dist/src/index.js', import.meta.url);
const jp: typeof Jaxpool = await import(existsSync(built) ? built.href : '../src/index.js');
export default jp;
