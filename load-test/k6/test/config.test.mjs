import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readArrivalConfig, readBatchConfig } from '../lib/config.js';

function problemsOf(read, env) {
  try {
    read(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return e.problems;
  }
  assert.fail('expected the settings to be rejected');
}

describe('send-batch-events settings', () => {
  it('default to 5 events per type, 1 VU per type and the local producer API', () => {
    const config = readBatchConfig({});
    assert.equal(config.eventsPerType, 5);
    assert.equal(config.vusPerType, 1);
    assert.equal(config.baseUrl, 'http://localhost:8081');
    assert.equal(config.p95Ms, 1000);
    assert.equal(config.maxDuration, '1h');
    assert.equal(config.runId, undefined);
    assert.equal(config.summaryFile, undefined);
    assert.equal(config.apiKey, undefined);
  });

  it('read the variables existing users pass', () => {
    const config = readBatchConfig({ HOST: 'producer-api-java-rest', PORT: '8081', EVENTS_PER_TYPE: '1000', VUS_PER_EVENT_TYPE: '10' });
    assert.equal(config.baseUrl, 'http://producer-api-java-rest:8081');
    assert.equal(config.eventsPerType, 1000);
    assert.equal(config.vusPerType, 10);
  });

  it('accept host names with underscores, IPv4 and bracketed IPv6 addresses', () => {
    assert.equal(readBatchConfig({ HOST: 'producer_api' }).baseUrl, 'http://producer_api:8081');
    assert.equal(readBatchConfig({ HOST: '10.0.0.7', PORT: '80' }).baseUrl, 'http://10.0.0.7:80');
    assert.equal(readBatchConfig({ HOST: '[::1]' }).baseUrl, 'http://[::1]:8081');
    assert.deepEqual(problemsOf(readBatchConfig, { HOST: 'producer:8081' }), ["HOST must be a host name or IP address (use API_URL for a full URL), got 'producer:8081'"]);
  });

  it('take API_URL as the full base URL, over HOST and PORT, without trailing slash', () => {
    const config = readBatchConfig({ API_URL: 'https://api.example.com/prod/', HOST: 'ignored', PORT: '1' });
    assert.equal(config.baseUrl, 'https://api.example.com/prod');
  });

  it('accept the legacy LAMBDA_PYTHON_REST_API_URL, with API_URL winning over it', () => {
    const lambda = 'https://xxxxx.execute-api.us-east-1.amazonaws.com';
    assert.equal(readBatchConfig({ LAMBDA_PYTHON_REST_API_URL: lambda }).baseUrl, lambda);
    assert.equal(readBatchConfig({ LAMBDA_PYTHON_REST_API_URL: lambda, API_URL: 'http://127.0.0.1:9000' }).baseUrl, 'http://127.0.0.1:9000');
  });

  it('treat blank values as unset and trim the others', () => {
    const config = readBatchConfig({ EVENTS_PER_TYPE: ' 7 ', VUS_PER_EVENT_TYPE: '', API_URL: '  ' });
    assert.equal(config.eventsPerType, 7);
    assert.equal(config.vusPerType, 1);
    assert.equal(config.baseUrl, 'http://localhost:8081');
  });

  it('reject a count that is not a positive integer, quoting the value', () => {
    assert.deepEqual(problemsOf(readBatchConfig, { EVENTS_PER_TYPE: 'abc' }), ["EVENTS_PER_TYPE must be a positive integer, got 'abc'"]);
    for (const bad of ['0', '-1', '1.5', '1e3', '9007199254740993']) {
      assert.deepEqual(problemsOf(readBatchConfig, { VUS_PER_EVENT_TYPE: bad }), [`VUS_PER_EVENT_TYPE must be a positive integer, got '${bad}'`]);
    }
  });

  it('report every bad variable at once', () => {
    const problems = problemsOf(readBatchConfig, { EVENTS_PER_TYPE: 'abc', PORT: '70000', HOST: 'http://producer', TOTAL_VUS: '2', P95_MS: 'fast', MAX_DURATION: '10 minutes' });
    assert.deepEqual(problems, [
      "HOST must be a host name or IP address (use API_URL for a full URL), got 'http://producer'",
      "PORT must be an integer between 1 and 65535, got '70000'",
      "P95_MS must be a positive number, got 'fast'",
      "EVENTS_PER_TYPE must be a positive integer, got 'abc'",
      "MAX_DURATION must be a duration such as 30s, 5m or 1h30m, got '10 minutes'",
      "TOTAL_VUS must be at least 4 (one VU per event type), got '2'",
    ]);
  });

  it('say that ConfigError lists the problems one a line', () => {
    assert.throws(() => readBatchConfig({ EVENTS_PER_TYPE: 'abc' }), {
      name: 'ConfigError',
      message: "invalid settings:\n  EVENTS_PER_TYPE must be a positive integer, got 'abc'",
    });
  });

  it('reject a base URL that is not http(s)', () => {
    assert.deepEqual(problemsOf(readBatchConfig, { API_URL: 'localhost:8081' }), ["API_URL must be an http(s) URL such as http://localhost:8081, got 'localhost:8081'"]);
    assert.deepEqual(problemsOf(readBatchConfig, { LAMBDA_PYTHON_REST_API_URL: 'ftp://x' }), ["LAMBDA_PYTHON_REST_API_URL must be an http(s) URL such as http://localhost:8081, got 'ftp://x'"]);
  });

  it('spread TOTAL_VUS over the four types when VUS_PER_EVENT_TYPE is not set', () => {
    assert.equal(readBatchConfig({ TOTAL_VUS: '40', EVENTS_PER_TYPE: '100' }).vusPerType, 10);
    assert.equal(readBatchConfig({ TOTAL_VUS: '6', EVENTS_PER_TYPE: '100' }).vusPerType, 1);
  });

  it('cap VUS_PER_EVENT_TYPE by TOTAL_VUS', () => {
    assert.equal(readBatchConfig({ TOTAL_VUS: '8', VUS_PER_EVENT_TYPE: '10', EVENTS_PER_TYPE: '100' }).vusPerType, 2);
    assert.equal(readBatchConfig({ TOTAL_VUS: '80', VUS_PER_EVENT_TYPE: '5', EVENTS_PER_TYPE: '100' }).vusPerType, 5);
  });

  it('never give a type more VUs than it has events', () => {
    assert.equal(readBatchConfig({ EVENTS_PER_TYPE: '3', VUS_PER_EVENT_TYPE: '10' }).vusPerType, 3);
  });

  it('accept a RUN_ID of safe characters and reject others', () => {
    assert.equal(readBatchConfig({ RUN_ID: 'nightly-2026.11_25' }).runId, 'nightly-2026.11_25');
    for (const bad of ['-leading-dash', 'with space', 'slash/es', 'x'.repeat(65)]) {
      assert.deepEqual(problemsOf(readBatchConfig, { RUN_ID: bad }),
        [`RUN_ID must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, got '${bad}'`]);
    }
  });

  it('pass API_KEY, SUMMARY_FILE and P95_MS through', () => {
    const config = readBatchConfig({ API_KEY: 'secret', SUMMARY_FILE: '/tmp/s.json', P95_MS: '250.5' });
    assert.equal(config.apiKey, 'secret');
    assert.equal(config.summaryFile, '/tmp/s.json');
    assert.equal(config.p95Ms, 250.5);
  });
});

describe('arrival-rate settings', () => {
  it('default to 50 events/s for 1m with 10 pre-allocated and at most 100 VUs', () => {
    const config = readArrivalConfig({});
    assert.deepEqual([config.rate, config.duration, config.preAllocatedVus, config.maxVus, config.maxDroppedIterations], [50, '1m', 10, 100, 0]);
    assert.equal(config.baseUrl, 'http://localhost:8081');
  });

  it('read rate, duration and VUs', () => {
    const config = readArrivalConfig({ RATE: '500', DURATION: '1h30m', PRE_ALLOCATED_VUS: '20', MAX_VUS: '200', MAX_DROPPED_ITERATIONS: '5' });
    assert.deepEqual([config.rate, config.duration, config.preAllocatedVus, config.maxVus, config.maxDroppedIterations], [500, '1h30m', 20, 200, 5]);
  });

  it('raise the default MAX_VUS to PRE_ALLOCATED_VUS', () => {
    assert.equal(readArrivalConfig({ PRE_ALLOCATED_VUS: '150' }).maxVus, 150);
  });

  it('reject bad rate, duration and VU settings', () => {
    assert.deepEqual(problemsOf(readArrivalConfig, { RATE: '0', DURATION: '60', MAX_VUS: '5', MAX_DROPPED_ITERATIONS: '-1' }), [
      "RATE must be a positive integer, got '0'",
      "DURATION must be a duration such as 30s, 5m or 1h30m, got '60'",
      "MAX_DROPPED_ITERATIONS must be zero or a positive integer, got '-1'",
      'MAX_VUS (5) must not be lower than PRE_ALLOCATED_VUS (10)',
    ]);
  });
});
