// With Vite or webpack 5 nothing needs configuring: the package's own workers and .wasm binaries
// are found through `new URL(…, import.meta.url)`.
import { startShop } from './shop.ts';

void startShop();
