import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readArrivalConfig, readBatchConfig } from '../lib/config.js';
import { EVENT_TYPES } from '../lib/events.js';
import { arrivalOptions, batchOptions, eventMetric } from '../lib/scenarios.js';

const source = (script) => readFileSync(new URL(`../${script}`, import.meta.url), 'utf8');
const exportsFunction = (script, name) => new RegExp(`^export function ${name}\\(`, 'm').test(source(script));

describe('send-batch-events options', () => {
  const options = batchOptions(readBatchConfig({ EVENTS_PER_TYPE: '100', VUS_PER_EVENT_TYPE: '5' }));

  it('run one shared-iterations scenario per type, so each event n is sent exactly once', () => {
    assert.deepEqual(Object.keys(options.scenarios), ['car_created', 'loan_created', 'loan_payment_submitted', 'car_service_done']);
    for (const scenario of Object.values(options.scenarios)) {
      assert.equal(scenario.executor, 'shared-iterations');
      assert.equal(scenario.iterations, 100);
      assert.equal(scenario.vus, 5);
      assert.equal(scenario.maxDuration, '1h');
    }
  });

  it('execute functions that send-batch-events.js exports', () => {
    for (const scenario of Object.values(options.scenarios)) {
      assert.ok(exportsFunction('send-batch-events.js', scenario.exec), `send-batch-events.js exports ${scenario.exec}`);
    }
  });

  it('fail unless every event of every type is accepted, requests succeed, checks pass and p95 stays under P95_MS', () => {
    assert.deepEqual(options.thresholds, {
      http_req_failed: ['rate<0.01'],
      checks: ['rate>0.99'],
      http_req_duration: ['p(95)<1000'],
      events_accepted_car_created: ['count==100'],
      events_accepted_loan_created: ['count==100'],
      events_accepted_loan_payment_submitted: ['count==100'],
      events_accepted_car_service_done: ['count==100'],
    });
  });

  it('report p50 (med), p95, p99 and max of every trend', () => {
    for (const stat of ['med', 'p(95)', 'p(99)', 'max']) {
      assert.ok(options.summaryTrendStats.includes(stat), stat);
    }
  });
});

describe('arrival-rate options', () => {
  const options = arrivalOptions(readArrivalConfig({ RATE: '200', DURATION: '2m', PRE_ALLOCATED_VUS: '20', MAX_VUS: '50', P95_MS: '300' }));

  it('run RATE events per second for DURATION', () => {
    assert.deepEqual(options.scenarios, {
      arrival_rate: { executor: 'constant-arrival-rate', exec: 'sendNext', rate: 200, timeUnit: '1s', duration: '2m', preAllocatedVUs: 20, maxVUs: 50 },
    });
    assert.ok(exportsFunction('arrival-rate.js', 'sendNext'));
  });

  it('fail when k6 could not keep the rate, besides failed requests, checks and p95', () => {
    assert.deepEqual(options.thresholds, {
      http_req_failed: ['rate<0.01'], checks: ['rate>0.99'], http_req_duration: ['p(95)<300'], dropped_iterations: ['count<=0'],
    });
  });
});

describe('metric names', () => {
  it('are events_<kind>_<type in snake case>', () => {
    assert.deepEqual(EVENT_TYPES.map((type) => eventMetric('sent', type)),
      ['events_sent_car_created', 'events_sent_loan_created', 'events_sent_loan_payment_submitted', 'events_sent_car_service_done']);
  });
});
