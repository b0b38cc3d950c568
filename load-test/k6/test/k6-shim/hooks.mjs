// Node module hooks of the k6 stand-in: `k6` and `k6/*` imports resolve to the modules in this directory.
const SHIMS = {
  k6: 'k6.mjs',
  'k6/http': 'http.mjs',
  'k6/metrics': 'metrics.mjs',
  'k6/execution': 'execution.mjs',
};

export async function resolve(specifier, context, nextResolve) {
  const shim = SHIMS[specifier];
  if (shim) {
    return { url: new URL(shim, import.meta.url).href, shortCircuit: true };
  }
  if (specifier === 'k6' || specifier.startsWith('k6/')) {
    throw new Error(`the k6 stand-in has no module '${specifier}': add it to test/k6-shim/ if a script needs it`);
  }
  return nextResolve(specifier, context);
}
