// k6 options (scenarios and thresholds) of the two scripts, built from their settings. Pure JavaScript:
// no k6 import, so Node can test it.

import { EVENT_TYPES } from './events.js';

/** Trend statistics in the summary data: what `httpDurationMs` reports, and what the p95 threshold reads. */
export const TREND_STATS = Object.freeze(['avg', 'min', 'med', 'p(95)', 'p(99)', 'max']);

/** Name of a per-type counter: `events_<sent|accepted|rejected>_<snake_case type>`. */
export function eventMetric(kind, type) {
  return `events_${kind}_${snakeCase(type)}`;
}

/** `CarCreated` -> `car_created`: scenario and metric names. */
export function snakeCase(type) {
  return type.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Name of the exported function that sends one event of a type, e.g. `sendCarCreated`. */
export function execFunction(type) {
  return `send${type}`;
}

/**
 * send-batch-events.js: one shared-iterations scenario per event type, so that EVENTS_PER_TYPE
 * iterations are shared by VUS_PER_EVENT_TYPE VUs and every n is sent exactly once
 * (n = the scenario's iterationInTest + 1).
 */
export function batchOptions(config) {
  const scenarios = {};
  const thresholds = commonThresholds(config);
  for (const type of EVENT_TYPES) {
    scenarios[snakeCase(type)] = {
      executor: 'shared-iterations',
      exec: execFunction(type),
      vus: config.vusPerType,
      iterations: config.eventsPerType,
      maxDuration: config.maxDuration,
    };
    // A batch must deliver every event it was asked to send.
    thresholds[eventMetric('accepted', type)] = [`count==${config.eventsPerType}`];
  }
  return { scenarios, thresholds, summaryTrendStats: [...TREND_STATS] };
}

/** arrival-rate.js: one constant-arrival-rate scenario; the four types take turns. */
export function arrivalOptions(config) {
  const thresholds = commonThresholds(config);
  // Dropped iterations mean k6 could not start events at the asked rate: the numbers would not describe that rate.
  thresholds.dropped_iterations = [`count<=${config.maxDroppedIterations}`];
  return {
    scenarios: {
      arrival_rate: {
        executor: 'constant-arrival-rate',
        exec: 'sendNext',
        rate: config.rate,
        timeUnit: '1s',
        duration: config.duration,
        preAllocatedVUs: config.preAllocatedVus,
        maxVUs: config.maxVus,
      },
    },
    thresholds,
    summaryTrendStats: [...TREND_STATS],
  };
}

function commonThresholds(config) {
  return {
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    http_req_duration: [`p(95)<${config.p95Ms}`],
  };
}
