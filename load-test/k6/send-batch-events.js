// Sends EVENTS_PER_TYPE events of each of the four types (CarCreated, LoanCreated, LoanPaymentSubmitted,
// CarServiceDone) to the producer API, VUS_PER_EVENT_TYPE VUs per type, then prints and writes the run
// summary. Every event of every type is sent exactly once: each type is a shared-iterations scenario and
// event n is the scenario's iteration n-1. Loan n references car n, payment n loan n, service n car n;
// ids start with the run id, so reruns never collide.
//
//   k6 run --env HOST=localhost --env PORT=8081 --env EVENTS_PER_TYPE=100 --env VUS_PER_EVENT_TYPE=5 load-test/k6/send-batch-events.js
//
// Settings and summary: load-test/k6/README.md.

import exec from 'k6/execution';
import { readBatchConfig } from './lib/config.js';
import { loadTemplates } from './lib/events.js';
import { sendEvent, startRun, writeSummary } from './lib/producer.js';
import { batchOptions } from './lib/scenarios.js';

const config = readBatchConfig(__ENV);
// open() resolves relative to this script, wherever k6 is started from.
const templates = loadTemplates((file) => open(`../../contract/samples/${file}`));

export const options = batchOptions(config);

export function setup() {
  return startRun(config);
}

// One exported function per scenario (the scenarios' `exec`, see lib/scenarios.js).
export function sendCarCreated(run) {
  send(run, 'CarCreated');
}

export function sendLoanCreated(run) {
  send(run, 'LoanCreated');
}

export function sendLoanPaymentSubmitted(run) {
  send(run, 'LoanPaymentSubmitted');
}

export function sendCarServiceDone(run) {
  send(run, 'CarServiceDone');
}

export function handleSummary(data) {
  return writeSummary(data, 'send-batch-events', config, options);
}

function send(run, type) {
  sendEvent(config, templates, run, type, exec.scenario.iterationInTest + 1);
}
