// State shared by the k6 stand-in modules: the metric samples of a run and the HTTP transport.
// Only what the scripts use is emulated; see test/k6-harness.mjs.

export const runtime = {
  metrics: new Map(),
  transport: undefined,
  responseCallback: (status) => status >= 200 && status < 400,

  /** A new run: no samples, this transport (the response callback stays: scripts set it once, at import). */
  reset(transport) {
    this.metrics = new Map();
    this.transport = transport;
  },

  /** Records a sample; k6 metric types: counter, rate, trend. */
  add(name, type, value, contains = 'default') {
    let metric = this.metrics.get(name);
    if (!metric) {
      metric = { type, contains, samples: [] };
      this.metrics.set(name, metric);
    }
    metric.samples.push(value);
  },
};
