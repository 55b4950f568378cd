// Lets plain Node (which strips types itself) run the TypeScript sources in a worker or child process: a relative
// `./x.js` import resolves to `./x.ts` when only the .ts file exists.
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (err) {
      if (specifier.startsWith(".") && specifier.endsWith(".js")) {
        return next(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw err;
    }
  },
});
