// The k6 side shared by both scripts: sending one event to the producer API, checks, per-type
// counters, setup and the end-of-run summary. Everything that can run without k6 lives in the other
// lib/ modules.

import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { EVENT_TYPES, buildEvent, newRunId } from './events.js';
import { CHECKS, describeRejection, judgeResponse } from './responses.js';
import { eventMetric } from './scenarios.js';
import { buildSummary, summaryPath, summaryText } from './summary.js';

// Only 200 is a success for http_req_failed (the API answers 200 for stored and duplicate events).
http.setResponseCallback(http.expectedStatuses(200));

const counters = {};
for (const kind of ['sent', 'accepted', 'rejected']) {
  counters[kind] = {};
  for (const type of EVENT_TYPES) {
    counters[kind][type] = new Counter(eventMetric(kind, type));
  }
}

// Each VU explains its first few rejections; beyond that the counters and checks tell the story.
const MAX_LOGGED_REJECTIONS = 5;
let loggedRejections = 0;

/** The repository root as a file URL (this module is load-test/k6/lib/producer.js); undefined where k6 lacks import.meta.resolve. */
const REPO_ROOT_URL = typeof import.meta.resolve === 'function' ? import.meta.resolve('../../../') : undefined;

/** setup(): the run id (RUN_ID or a new one) and start time, shared with every VU and with handleSummary. */
export function startRun(config) {
  return { runId: config.runId || newRunId(), startedAt: new Date().toISOString() };
}

/**
 * Sends the n-th event of a type and records the outcome.
 *
 * @param {object} config settings (lib/config.js)
 * @param {Record<string, object>} templates from loadTemplates
 * @param {{runId: string}} run what setup() returned
 */
export function sendEvent(config, templates, run, type, n) {
  const event = buildEvent(templates, type, run.runId, n);
  const headers = { 'Content-Type': 'application/json' };
  if (config.apiKey) {
    headers['X-API-Key'] = config.apiKey;
  }
  const tags = { event_type: type };
  const res = http.post(`${config.baseUrl}/api/v1/events`, JSON.stringify(event), { headers, tags });
  counters.sent[type].add(1);

  const verdict = judgeResponse(res.status, res.body, event.eventHeader.uuid);
  check(res, {
    [CHECKS.status]: () => verdict.accepted,
    [CHECKS.eventId]: () => verdict.eventIdEchoed,
    [CHECKS.result]: () => verdict.knownResult,
  }, tags);
  if (verdict.accepted) {
    counters.accepted[type].add(1);
  } else {
    counters.rejected[type].add(1);
    if (loggedRejections < MAX_LOGGED_REJECTIONS) {
      loggedRejections++;
      console.warn(describeRejection(type, n, res.status, res.body, res.error));
    }
  }
}

/** handleSummary(): prints the summary and writes it to SUMMARY_FILE (default load-test/results/k6-summary-<runId>.json). */
export function writeSummary(data, script, config, options) {
  const summary = buildSummary({ data, script, config, thresholds: options.thresholds });
  const file = summaryPath(config.summaryFile, summary.runId, REPO_ROOT_URL);
  return {
    stdout: summaryText(summary, file),
    [file]: `${JSON.stringify(summary, null, 2)}\n`,
  };
}
