import { runtime } from './runtime.mjs';

/** k6's Counter: samples are summed into `count`. */
export class Counter {
  constructor(name) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/.test(name)) {
      throw new Error(`invalid k6 metric name '${name}'`);
    }
    this.name = name;
  }

  add(value) {
    runtime.add(this.name, 'counter', value);
  }
}
