import { runtime } from './runtime.mjs';

/** k6/http, the calls the scripts make: post() through the harness's transport, and the response callback. */
const http = {
  post(url, body, params = {}) {
    if (typeof body !== 'string') {
      throw new Error('the scripts send JSON text bodies');
    }
    const started = process.hrtime.bigint();
    const res = runtime.transport({ method: 'POST', url, body, headers: params.headers || {} });
    const duration = Number(process.hrtime.bigint() - started) / 1e6;
    runtime.add('http_reqs', 'counter', 1);
    runtime.add('http_req_duration', 'trend', duration, 'time');
    runtime.add('http_req_failed', 'rate', runtime.responseCallback(res.status) ? 0 : 1);
    return { status: res.status, body: res.body, error: res.error || '', timings: { duration } };
  },

  setResponseCallback(callback) {
    runtime.responseCallback = callback;
  },

  expectedStatuses(...statuses) {
    return (status) => statuses.includes(status);
  },
};
export default http;
