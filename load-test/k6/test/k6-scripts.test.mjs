// The two scripts end to end under the k6 stand-in (k6-harness.mjs): settings, templates, scenarios,
// requests, checks, counters and the summary handleSummary writes. The API is a stand-in that answers
// as producer-api/README.md documents; set PRODUCER_API_URL to run the last test against a real one.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EVENT_TYPES, entityId } from '../lib/events.js';
import { runK6Script } from './k6-harness.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const API = 'http://producer.test:8081';

/** Answers like the producer API: 200 stored (or duplicate for a known uuid), or the problem `reject` returns. */
function producerApi(reject = () => undefined) {
  const requests = [];
  const seen = new Set();
  const transport = (request) => {
    const event = JSON.parse(request.body);
    requests.push({ ...request, event });
    const problem = reject(event);
    if (problem) {
      return { status: problem.status, body: JSON.stringify(problem) };
    }
    const id = event.eventHeader.uuid;
    const result = seen.has(id) ? 'duplicate' : 'stored';
    seen.add(id);
    return { status: 200, body: JSON.stringify({ eventId: id, result }) };
  };
  return { transport, requests };
}

function summaryOf(outputs) {
  const files = Object.keys(outputs).filter((key) => key !== 'stdout');
  assert.equal(files.length, 1, `one summary file, got ${files}`);
  return { file: files[0], summary: JSON.parse(outputs[files[0]]) };
}

const idsOf = (requests, type) => requests.filter((r) => r.event.eventHeader.eventType === type).map((r) => r.event.entities[0].id).sort();
const range = (count) => Array.from({ length: count }, (_, i) => i + 1);

describe('send-batch-events.js', () => {
  it('sends every event of every type exactly once, linked, and writes a passing summary under load-test/results', async () => {
    const api = producerApi();
    const run = 'batch-test-1';
    const { outputs } = await runK6Script('send-batch-events.js',
      { API_URL: API, EVENTS_PER_TYPE: '6', VUS_PER_EVENT_TYPE: '2', RUN_ID: run }, api.transport);

    assert.equal(api.requests.length, 24);
    for (const request of api.requests) {
      assert.equal(request.url, `${API}/api/v1/events`);
      assert.equal(request.headers['Content-Type'], 'application/json');
      assert.equal(request.headers['X-API-Key'], undefined);
    }
    for (const type of EVENT_TYPES) {
      assert.deepEqual(idsOf(api.requests, type), range(6).map((n) => entityId(run, type, n)).sort(), type);
    }
    const carIds = new Set(idsOf(api.requests, 'CarCreated'));
    const loanIds = new Set(idsOf(api.requests, 'LoanCreated'));
    for (const { event } of api.requests) {
      const entity = event.entities[0];
      if (entity.carId) assert.ok(carIds.has(entity.carId), `${entity.id} references a car of the run`);
      if (entity.loanId) assert.ok(loanIds.has(entity.loanId), `${entity.id} references a loan of the run`);
    }

    const { file, summary } = summaryOf(outputs);
    assert.equal(file, `${REPO_ROOT}/load-test/results/k6-summary-${run}.json`);
    assert.equal(summary.runId, run);
    assert.equal(summary.baseUrl, API);
    assert.equal(summary.scenario, 'send-batch-events');
    assert.deepEqual(summary.sent, { CarCreated: 6, LoanCreated: 6, LoanPaymentSubmitted: 6, CarServiceDone: 6 });
    assert.deepEqual(summary.accepted, summary.sent);
    assert.deepEqual(summary.rejected, { CarCreated: 0, LoanCreated: 0, LoanPaymentSubmitted: 0, CarServiceDone: 0 });
    assert.equal(summary.checksFailed, 0);
    assert.equal(summary.passed, true, JSON.stringify(summary.thresholds));
    assert.match(outputs.stdout, /CarCreated\s+6\s+6\s+0/);
  });

  it('counts and explains rejected events, and fails the run', async (t) => {
    const warnings = t.mock.method(console, 'warn', () => {});
    const api = producerApi((event) => (event.eventHeader.eventType === 'LoanCreated' && event.entities[0].id.endsWith('-LOAN-2')
      ? { status: 422, title: 'Invalid event', detail: '1 violation', violations: [{ pointer: '/entities/0/loanAmount', message: 'must be a number' }] }
      : undefined));
    const { outputs } = await runK6Script('send-batch-events.js', { API_URL: API, EVENTS_PER_TYPE: '4', RUN_ID: 'batch-test-2' }, api.transport);

    const { summary } = summaryOf(outputs);
    assert.equal(summary.accepted.LoanCreated, 3);
    assert.equal(summary.rejected.LoanCreated, 1);
    assert.equal(summary.sent.LoanCreated, 4);
    assert.equal(summary.checksFailed, 3, 'status, eventId and result checks of the rejected event');
    assert.equal(summary.thresholds['events_accepted_loan_created count==4'], false);
    assert.equal(summary.thresholds['http_req_failed rate<0.01'], false);
    assert.equal(summary.passed, false);
    assert.deepEqual(warnings.mock.calls.map((call) => call.arguments[0]),
      ['LoanCreated #2 not accepted: HTTP 422: Invalid event - 1 violation - violations: /entities/0/loanAmount must be a number']);
  });

  it('sends API_KEY as X-API-Key and honours SUMMARY_FILE', async () => {
    const api = producerApi();
    const { outputs } = await runK6Script('send-batch-events.js',
      { HOST: '127.0.0.1', PORT: '9999', EVENTS_PER_TYPE: '1', API_KEY: 'k3y', SUMMARY_FILE: 'out/summary.json' }, api.transport);
    assert.ok(api.requests.every((r) => r.headers['X-API-Key'] === 'k3y' && r.url === 'http://127.0.0.1:9999/api/v1/events'));
    assert.equal(summaryOf(outputs).file, 'out/summary.json');
  });

  it('gives each run its own id when RUN_ID is not set, so reruns never collide', async () => {
    const first = producerApi();
    const second = producerApi();
    const a = summaryOf((await runK6Script('send-batch-events.js', { EVENTS_PER_TYPE: '2' }, first.transport)).outputs);
    const b = summaryOf((await runK6Script('send-batch-events.js', { EVENTS_PER_TYPE: '2' }, second.transport)).outputs);
    assert.match(a.summary.runId, /^run-\d{14}-[a-z0-9]{4}$/);
    assert.notEqual(a.summary.runId, b.summary.runId);
    assert.notEqual(a.file, b.file);
    const ids = new Set(first.requests.map((r) => r.event.entities[0].id));
    assert.ok(second.requests.every((r) => !ids.has(r.event.entities[0].id)));
    assert.ok(first.requests.every((r) => r.event.entities[0].id.startsWith(`${a.summary.runId}-`)));
  });

  it('stops on bad settings before sending anything', async () => {
    const api = producerApi();
    await assert.rejects(runK6Script('send-batch-events.js', { EVENTS_PER_TYPE: 'abc' }, api.transport),
      { name: 'ConfigError', message: "invalid settings:\n  EVENTS_PER_TYPE must be a positive integer, got 'abc'" });
    assert.equal(api.requests.length, 0);
  });
});

describe('arrival-rate.js', () => {
  it('sends RATE x DURATION events, the four types taking turns for each n', async () => {
    const api = producerApi();
    const { outputs } = await runK6Script('arrival-rate.js', { API_URL: API, RATE: '4', DURATION: '2s', RUN_ID: 'rate-test' }, api.transport);

    assert.deepEqual(api.requests.map((r) => r.event.entities[0].id), [
      'rate-test-CAR-1', 'rate-test-LOAN-1', 'rate-test-PAYMENT-1', 'rate-test-SERVICE-1',
      'rate-test-CAR-2', 'rate-test-LOAN-2', 'rate-test-PAYMENT-2', 'rate-test-SERVICE-2',
    ]);
    const { summary } = summaryOf(outputs);
    assert.equal(summary.scenario, 'arrival-rate');
    assert.equal(summary.rate, 4);
    assert.equal(summary.duration, '2s');
    assert.equal(summary.droppedIterations, 0);
    assert.deepEqual(summary.accepted, { CarCreated: 2, LoanCreated: 2, LoanPaymentSubmitted: 2, CarServiceDone: 2 });
    assert.equal(summary.passed, true, JSON.stringify(summary.thresholds));
  });
});

// curl as the transport: synchronous like k6's http.post.
function curl({ url, body, headers }) {
  const args = ['-sS', '-m', '30', '-o', '-', '-w', '\n%{http_code}', '--data-binary', '@-', url];
  for (const [name, value] of Object.entries(headers)) {
    args.push('-H', `${name}: ${value}`);
  }
  const result = spawnSync('curl', args, { input: body, encoding: 'utf8' });
  if (result.status !== 0) {
    return { status: 0, body: null, error: result.stderr.trim() };
  }
  const cut = result.stdout.lastIndexOf('\n');
  return { status: Number(result.stdout.slice(cut + 1)), body: result.stdout.slice(0, cut) };
}

describe('against a real producer API', () => {
  const url = process.env.PRODUCER_API_URL;
  const skip = url ? false : 'set PRODUCER_API_URL (e.g. http://localhost:8081 after ./fanout up producer-api) to run';

  it('has every event of a batch accepted', { skip }, async () => {
    const { outputs } = await runK6Script('send-batch-events.js', { API_URL: url, EVENTS_PER_TYPE: '8', SUMMARY_FILE: '/dev/null' }, curl);
    const { summary } = summaryOf(outputs);
    assert.deepEqual(summary.accepted, { CarCreated: 8, LoanCreated: 8, LoanPaymentSubmitted: 8, CarServiceDone: 8 }, outputs.stdout);
    assert.equal(summary.checksFailed, 0);
    assert.equal(summary.passed, true, outputs.stdout);
  });
});
