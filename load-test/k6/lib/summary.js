// The run summary both scripts write (SUMMARY_FILE) and print; the Java load driver writes the same
// shape, and load-test/verify reads `runId` and `accepted` from it. Pure JavaScript: no k6 import, so
// Node can test it.

import { EVENT_TYPES } from './events.js';
import { eventMetric } from './scenarios.js';

/**
 * Builds the summary from k6's handleSummary data. Reads k6's default data layout (`metrics` by name,
 * with threshold results, and `setup_data`) and also the machine-readable layout of
 * `--new-machine-readable-summary` (`results.metrics` as a list, no threshold results, no setup data:
 * thresholds are then evaluated here, and the run id must come from RUN_ID).
 *
 * @param {object} args
 * @param {object} args.data k6's handleSummary argument
 * @param {string} args.script `send-batch-events` or `arrival-rate`
 * @param {object} args.config the script's settings (lib/config.js)
 * @param {Record<string, string[]>} args.thresholds the script's thresholds (k6 options)
 * @param {Date} [args.now] end of the run
 */
export function buildSummary({ data, script, config, thresholds, now = new Date() }) {
  const metrics = metricsOf(data);
  const setup = data && data.setup_data && typeof data.setup_data === 'object' ? data.setup_data : {};
  const finishedAt = now.toISOString();
  const durationMs = runDurationMs(data);
  const startedAt = setup.startedAt || (durationMs !== undefined ? new Date(now.getTime() - durationMs).toISOString() : null);

  const summary = {
    tool: 'k6',
    runId: setup.runId || config.runId || null,
    startedAt,
    finishedAt,
    baseUrl: config.baseUrl,
    scenario: script,
  };
  if (script === 'arrival-rate') {
    summary.rate = config.rate;
    summary.duration = config.duration;
  } else {
    summary.eventsPerType = config.eventsPerType;
    summary.vusPerEventType = config.vusPerType;
  }
  for (const kind of ['sent', 'accepted', 'rejected']) {
    summary[kind] = {};
    for (const type of EVENT_TYPES) {
      summary[kind][type] = count(metrics, eventMetric(kind, type));
    }
  }
  const duration = values(metrics, 'http_req_duration');
  summary.httpDurationMs = {
    p50: round(duration.med !== undefined ? duration.med : duration['p(50)']),
    p95: round(duration['p(95)']),
    p99: round(duration['p(99)']),
    max: round(duration.max),
  };
  summary.checksFailed = checksFailed(metrics);
  if (script === 'arrival-rate') {
    summary.droppedIterations = count(metrics, 'dropped_iterations');
  }
  summary.thresholds = thresholdResults(metrics, thresholds);
  summary.passed = Object.values(summary.thresholds).every((ok) => ok);
  return summary;
}

/** Where the summary goes: SUMMARY_FILE, else `load-test/results/k6-summary-<runId>.json` under the repository root. */
export function summaryPath(configuredFile, runId, repoRootUrl) {
  if (configuredFile) {
    return configuredFile;
  }
  const relative = `load-test/results/k6-summary-${runId || 'unknown-run'}.json`;
  const root = fileUrlToPath(repoRootUrl);
  return root === undefined ? relative : `${root.replace(/\/+$/, '')}/${relative}`;
}

/** `file:///a/b%20c/` -> `/a/b c/` (and `file:///C:/x` -> `C:/x`); undefined for anything else. */
export function fileUrlToPath(url) {
  if (typeof url !== 'string' || !url.startsWith('file:///')) {
    return undefined;
  }
  const path = decodeURIComponent(url.slice('file://'.length));
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
}

/** The text printed at the end of a run: a short table, then the summary JSON. */
export function summaryText(summary, file) {
  const lines = [
    '',
    `cdc-fanout k6 run ${summary.runId} (${summary.scenario}) against ${summary.baseUrl}`,
    `  ${'event type'.padEnd(22)}${'sent'.padStart(10)}${'accepted'.padStart(10)}${'rejected'.padStart(10)}`,
  ];
  for (const type of EVENT_TYPES) {
    lines.push(`  ${type.padEnd(22)}${String(summary.sent[type]).padStart(10)}${String(summary.accepted[type]).padStart(10)}${String(summary.rejected[type]).padStart(10)}`);
  }
  const d = summary.httpDurationMs;
  lines.push(`  HTTP duration (ms): p50 ${d.p50}  p95 ${d.p95}  p99 ${d.p99}  max ${d.max}`);
  lines.push(`  failed checks: ${summary.checksFailed}`);
  const failed = Object.keys(summary.thresholds).filter((name) => !summary.thresholds[name]);
  lines.push(failed.length === 0 ? '  thresholds: all passed' : `  thresholds FAILED: ${failed.join(', ')}`);
  lines.push(`  summary file: ${file}`);
  lines.push(JSON.stringify(summary, null, 2));
  return `${lines.join('\n')}\n`;
}

/**
 * Evaluates one k6 threshold expression (`rate<0.01`, `p(95)<1000`, `count==20`) on a metric's values;
 * values a metric never got (no samples) count as 0.
 *
 * @returns {boolean|undefined} undefined when the expression is not of that form
 */
export function evaluateThreshold(metricValues, expression) {
  const m = /^\s*(count|rate|value|min|max|avg|med|p\(\d+(?:\.\d+)?\))\s*(===|==|!=|<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(expression);
  if (!m) {
    return undefined;
  }
  const actual = metricValues && typeof metricValues[m[1]] === 'number' ? metricValues[m[1]] : 0;
  const bound = Number(m[3]);
  switch (m[2]) {
    case '<': return actual < bound;
    case '<=': return actual <= bound;
    case '>': return actual > bound;
    case '>=': return actual >= bound;
    case '!=': return actual !== bound;
    default: return actual === bound;
  }
}

// k6's threshold result when its data has one; otherwise evaluated here, so a metric that never got a
// sample (e.g. no event accepted) still fails `count==N`.
function thresholdResults(metrics, thresholds) {
  const results = {};
  for (const name of Object.keys(thresholds || {})) {
    const metric = metrics[name] || {};
    for (const expression of thresholds[name]) {
      const k6Result = metric.thresholds && metric.thresholds[expression];
      const ok = k6Result && typeof k6Result.ok === 'boolean' ? k6Result.ok : evaluateThreshold(metric.values, expression);
      results[`${name} ${expression}`] = ok === true;
    }
  }
  return results;
}

// Metrics by name, from either data layout.
function metricsOf(data) {
  if (!data) {
    return {};
  }
  if (data.metrics && !Array.isArray(data.metrics)) {
    return data.metrics;
  }
  const byName = {};
  const results = data.results || {};
  const lists = [results.metrics, results.checks && results.checks.metrics];
  for (const list of lists) {
    const entries = Array.isArray(list) ? list : Object.values(list || {});
    for (const metric of entries) {
      if (metric && metric.name) {
        byName[metric.name] = metric;
      }
    }
  }
  // The thresholds name `checks`; this layout calls the same rate `checks_succeeded`.
  if (!byName.checks && byName.checks_succeeded) {
    byName.checks = byName.checks_succeeded;
  }
  return byName;
}

function runDurationMs(data) {
  if (data && data.state && typeof data.state.testRunDurationMs === 'number') {
    return data.state.testRunDurationMs;
  }
  if (data && data.config && typeof data.config.duration === 'number') {
    return data.config.duration * 1000;
  }
  return undefined;
}

function values(metrics, name) {
  return (metrics[name] && metrics[name].values) || {};
}

function count(metrics, name) {
  const c = values(metrics, name).count;
  return typeof c === 'number' ? c : 0;
}

// `checks` (default layout) or `checks_succeeded` (machine-readable layout) is a rate whose fails are failed checks.
function checksFailed(metrics) {
  for (const name of ['checks', 'checks_succeeded']) {
    const fails = values(metrics, name).fails;
    if (typeof fails === 'number') {
      return fails;
    }
  }
  return 0;
}

function round(ms) {
  return typeof ms === 'number' ? Math.round(ms * 100) / 100 : null;
}
