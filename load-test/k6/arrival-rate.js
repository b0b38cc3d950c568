// Throughput and latency of the producer API at a fixed arrival rate: RATE events/s for DURATION
// (constant-arrival-rate executor), whatever the API's response time. The four types take turns, so
// every n gets its car, then the loan on it, the payment on the loan and the service record on the car.
// Thresholds fail the run if requests fail, checks fail, p95 exceeds P95_MS, or k6 could not keep the
// rate (dropped iterations).
//
//   k6 run --env RATE=200 --env DURATION=2m load-test/k6/arrival-rate.js
//
// Settings and summary: load-test/k6/README.md.

import exec from 'k6/execution';
import { readArrivalConfig } from './lib/config.js';
import { loadTemplates, slotOfIteration } from './lib/events.js';
import { sendEvent, startRun, writeSummary } from './lib/producer.js';
import { arrivalOptions } from './lib/scenarios.js';

const config = readArrivalConfig(__ENV);
// open() resolves relative to this script, wherever k6 is started from.
const templates = loadTemplates((file) => open(`../../contract/samples/${file}`));

export const options = arrivalOptions(config);

export function setup() {
  return startRun(config);
}

export function sendNext(run) {
  const { type, n } = slotOfIteration(exec.scenario.iterationInTest);
  sendEvent(config, templates, run, type, n);
}

export function handleSummary(data) {
  return writeSummary(data, 'arrival-rate', config, options);
}
