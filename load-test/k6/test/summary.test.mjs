import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readArrivalConfig, readBatchConfig } from '../lib/config.js';
import { arrivalOptions, batchOptions } from '../lib/scenarios.js';
import { buildSummary, evaluateThreshold, fileUrlToPath, summaryPath, summaryText } from '../lib/summary.js';

const RUN = 'run-20261125101500-ab12';
const END = new Date('2026-11-25T10:16:00.000Z');
const batchConfig = readBatchConfig({ EVENTS_PER_TYPE: '5', HOST: 'producer', PORT: '8081' });
const batchThresholds = batchOptions(batchConfig).thresholds;

const counter = (count, thresholds) => ({ type: 'counter', contains: 'default', values: { count, rate: count / 2.5 }, ...(thresholds ? { thresholds } : {}) });

// handleSummary's argument in k6's default layout (k6 0.30 to 2.x: summarizeMetricsToObject).
function defaultLayout() {
  return {
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    options: { summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'], summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 2500 },
    metrics: {
      events_sent_car_created: counter(5),
      events_accepted_car_created: counter(5, { 'count==5': { ok: true } }),
      events_sent_loan_created: counter(5),
      events_accepted_loan_created: counter(4, { 'count==5': { ok: false } }),
      events_rejected_loan_created: counter(1),
      events_sent_loan_payment_submitted: counter(5),
      events_accepted_loan_payment_submitted: counter(5, { 'count==5': { ok: true } }),
      events_sent_car_service_done: counter(5),
      events_accepted_car_service_done: counter(5, { 'count==5': { ok: true } }),
      http_req_duration: {
        type: 'trend', contains: 'time',
        values: { avg: 15, min: 3.2, med: 12.345, 'p(95)': 30.1, 'p(99)': 45.678, max: 60 },
        thresholds: { 'p(95)<1000': { ok: true } },
      },
      http_req_failed: { type: 'rate', contains: 'default', values: { rate: 0.05, passes: 1, fails: 19 }, thresholds: { 'rate<0.01': { ok: false } } },
      checks: { type: 'rate', contains: 'default', values: { rate: 0.95, passes: 57, fails: 3 }, thresholds: { 'rate>0.99': { ok: false } } },
    },
    setup_data: { runId: RUN, startedAt: '2026-11-25T10:15:57.000Z' },
  };
}

describe('the summary of a send-batch-events run', () => {
  const summary = buildSummary({ data: defaultLayout(), script: 'send-batch-events', config: batchConfig, thresholds: batchThresholds, now: END });

  it('has the shared fields in the agreed order', () => {
    assert.deepEqual(Object.keys(summary), ['tool', 'runId', 'startedAt', 'finishedAt', 'baseUrl', 'scenario', 'eventsPerType',
      'vusPerEventType', 'sent', 'accepted', 'rejected', 'httpDurationMs', 'checksFailed', 'thresholds', 'passed']);
    assert.equal(summary.tool, 'k6');
    assert.equal(summary.scenario, 'send-batch-events');
    assert.equal(summary.baseUrl, 'http://producer:8081');
    assert.equal(summary.eventsPerType, 5);
    assert.equal(summary.vusPerEventType, 1);
  });

  it('takes run id and start from setup()', () => {
    assert.equal(summary.runId, RUN);
    assert.equal(summary.startedAt, '2026-11-25T10:15:57.000Z');
    assert.equal(summary.finishedAt, '2026-11-25T10:16:00.000Z');
  });

  it('counts sent, accepted and rejected events per type, 0 where a counter never moved', () => {
    assert.deepEqual(summary.sent, { CarCreated: 5, LoanCreated: 5, LoanPaymentSubmitted: 5, CarServiceDone: 5 });
    assert.deepEqual(summary.accepted, { CarCreated: 5, LoanCreated: 4, LoanPaymentSubmitted: 5, CarServiceDone: 5 });
    assert.deepEqual(summary.rejected, { CarCreated: 0, LoanCreated: 1, LoanPaymentSubmitted: 0, CarServiceDone: 0 });
  });

  it('reports p50, p95, p99 and max of the request duration in ms, rounded to 0.01', () => {
    assert.deepEqual(summary.httpDurationMs, { p50: 12.35, p95: 30.1, p99: 45.68, max: 60 });
  });

  it('reports failed checks and each threshold as passed or not', () => {
    assert.equal(summary.checksFailed, 3);
    assert.deepEqual(summary.thresholds, {
      'http_req_failed rate<0.01': false,
      'checks rate>0.99': false,
      'http_req_duration p(95)<1000': true,
      'events_accepted_car_created count==5': true,
      'events_accepted_loan_created count==5': false,
      'events_accepted_loan_payment_submitted count==5': true,
      'events_accepted_car_service_done count==5': true,
    });
    assert.equal(summary.passed, false);
  });

  it('fails the count threshold of a type that never had an event accepted', () => {
    const data = defaultLayout();
    delete data.metrics.events_accepted_car_created;
    const s = buildSummary({ data, script: 'send-batch-events', config: batchConfig, thresholds: batchThresholds, now: END });
    assert.equal(s.accepted.CarCreated, 0);
    assert.equal(s.thresholds['events_accepted_car_created count==5'], false);
  });

  it('prints a table and the JSON', () => {
    const text = summaryText(summary, '/repo/load-test/results/k6-summary.json');
    assert.match(text, /cdc-fanout k6 run run-20261125101500-ab12 \(send-batch-events\) against http:\/\/producer:8081/);
    assert.match(text, /LoanCreated\s+5\s+4\s+1/);
    assert.match(text, /thresholds FAILED: http_req_failed rate<0\.01, checks rate>0\.99, events_accepted_loan_created count==5/);
    assert.match(text, /summary file: \/repo\/load-test\/results\/k6-summary\.json/);
    assert.deepEqual(JSON.parse(text.slice(text.indexOf('{'))), summary);
  });
});

describe('the summary of an arrival-rate run', () => {
  const config = readArrivalConfig({ RATE: '20', DURATION: '30s', RUN_ID: 'rate-test' });
  const thresholds = arrivalOptions(config).thresholds;

  it('has rate, duration and dropped iterations instead of events per type', () => {
    const data = defaultLayout();
    data.metrics.dropped_iterations = counter(2, { 'count<=0': { ok: false } });
    const summary = buildSummary({ data, script: 'arrival-rate', config, thresholds, now: END });
    assert.equal(summary.rate, 20);
    assert.equal(summary.duration, '30s');
    assert.equal(summary.eventsPerType, undefined);
    assert.equal(summary.droppedIterations, 2);
    assert.equal(summary.thresholds['dropped_iterations count<=0'], false);
  });

  it('passes the dropped-iterations threshold when k6 dropped none (no such metric)', () => {
    const data = defaultLayout();
    delete data.metrics.http_req_failed.thresholds;
    const summary = buildSummary({ data, script: 'arrival-rate', config, thresholds, now: END });
    assert.equal(summary.droppedIterations, 0);
    assert.equal(summary.thresholds['dropped_iterations count<=0'], true);
    assert.equal(summary.thresholds['http_req_failed rate<0.01'], false, 'evaluated here: rate 0.05');
  });
});

describe('the summary from k6 --new-machine-readable-summary data', () => {
  const data = {
    version: '1.0.0',
    metadata: { generatedAt: END.toISOString(), k6Version: '2.3.0' },
    config: { execution: 'local', script: 'send-batch-events.js', duration: 4 },
    results: {
      passed: true,
      metrics: [
        { name: 'events_sent_car_created', type: 'counter', contains: 'default', values: { count: 5, rate: 1 } },
        { name: 'events_accepted_car_created', type: 'counter', contains: 'default', values: { count: 5, rate: 1 } },
        { name: 'http_req_failed', type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 5 } },
        { name: 'http_req_duration', type: 'trend', contains: 'time', values: { med: 10, 'p(95)': 20, 'p(99)': 25, max: 30 } },
      ],
      checks: {
        metrics: [
          { name: 'checks_total', type: 'counter', values: { count: 15, rate: 3 } },
          { name: 'checks_succeeded', type: 'rate', values: { rate: 1, passes: 15, fails: 0 } },
          { name: 'checks_failed', type: 'rate', values: { rate: 0, passes: 0, fails: 15 } },
        ],
        results: [],
      },
    },
  };
  const config = readBatchConfig({ RUN_ID: 'given-run' });
  const summary = buildSummary({ data, script: 'send-batch-events', config, thresholds: batchOptions(config).thresholds, now: END });

  it('reads the metric list, takes the run id from RUN_ID and the start from the duration', () => {
    assert.equal(summary.runId, 'given-run');
    assert.equal(summary.startedAt, '2026-11-25T10:15:56.000Z');
    assert.equal(summary.sent.CarCreated, 5);
    assert.equal(summary.accepted.CarCreated, 5);
    assert.deepEqual(summary.httpDurationMs, { p50: 10, p95: 20, p99: 25, max: 30 });
    assert.equal(summary.checksFailed, 0);
  });

  it('evaluates the thresholds itself, since that layout has no threshold results', () => {
    assert.equal(summary.thresholds['checks rate>0.99'], true);
    assert.equal(summary.thresholds['http_req_failed rate<0.01'], true);
    assert.equal(summary.thresholds['events_accepted_car_created count==5'], true);
    assert.equal(summary.thresholds['events_accepted_loan_created count==5'], false);
    assert.equal(summary.passed, false);
  });

  it('has a null run id when neither setup data nor RUN_ID give one', () => {
    const s = buildSummary({ data, script: 'send-batch-events', config: readBatchConfig({}), thresholds: {}, now: END });
    assert.equal(s.runId, null);
  });
});

describe('evaluating a threshold expression', () => {
  it('compares count, rate and percentiles with every k6 operator', () => {
    const values = { count: 5, rate: 0.005, 'p(95)': 120.5, 'p(99.9)': 300 };
    assert.equal(evaluateThreshold(values, 'count==5'), true);
    assert.equal(evaluateThreshold(values, 'count===5'), true);
    assert.equal(evaluateThreshold(values, 'count!=5'), false);
    assert.equal(evaluateThreshold(values, 'rate<0.01'), true);
    assert.equal(evaluateThreshold(values, 'rate >= 0.01'), false);
    assert.equal(evaluateThreshold(values, 'p(95)<=120.5'), true);
    assert.equal(evaluateThreshold(values, 'p(99.9)>300'), false);
  });

  it('takes a value the metric never got as 0, and does not guess other forms', () => {
    assert.equal(evaluateThreshold(undefined, 'count==0'), true);
    assert.equal(evaluateThreshold({}, 'rate>0.99'), false);
    assert.equal(evaluateThreshold({ count: 1 }, 'count is 1'), undefined);
  });
});

describe('where the summary is written', () => {
  it('is SUMMARY_FILE when set', () => {
    assert.equal(summaryPath('out/run.json', RUN, 'file:///repo/'), 'out/run.json');
  });

  it('is load-test/results/k6-summary-<runId>.json under the repository root otherwise', () => {
    assert.equal(summaryPath(undefined, RUN, 'file:///home/me/cdc-fanout/'), `/home/me/cdc-fanout/load-test/results/k6-summary-${RUN}.json`);
  });

  it('is relative to the working directory where k6 cannot resolve the repository root', () => {
    assert.equal(summaryPath(undefined, RUN, undefined), `load-test/results/k6-summary-${RUN}.json`);
    assert.equal(summaryPath(undefined, null, 'https://example.com/'), 'load-test/results/k6-summary-unknown-run.json');
  });

  it('decodes file URLs, Windows drives included', () => {
    assert.equal(fileUrlToPath('file:///home/me/my%20repo/'), '/home/me/my repo/');
    assert.equal(fileUrlToPath('file:///C:/work/repo/'), 'C:/work/repo/');
    assert.equal(fileUrlToPath('https://x/'), undefined);
  });
});
