import { runtime } from './runtime.mjs';

/** k6's check(): every named predicate is one sample of the `checks` rate. */
export function check(value, predicates) {
  let all = true;
  for (const predicate of Object.values(predicates)) {
    const ok = Boolean(predicate(value));
    runtime.add('checks', 'rate', ok ? 1 : 0);
    all = all && ok;
  }
  return all;
}
