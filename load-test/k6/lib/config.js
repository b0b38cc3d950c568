// The environment variables of the k6 scripts (k6 run --env NAME=value), read and checked in one
// place. Pure JavaScript: no k6 import, so Node can test it.

import { RUN_ID_PATTERN } from './events.js';

/** Thrown for bad settings; its message lists every bad variable, one a line. */
export class ConfigError extends Error {
  constructor(problems) {
    super(`invalid settings:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export const DEFAULT_HOST = 'localhost';
export const DEFAULT_PORT = 8081;
const K6_DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
// Host names (underscores too: container and compose service names use them), IPv4, or [IPv6].
const HOST = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$|^\[[0-9A-Fa-f:.]+\]$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

/** Settings of send-batch-events.js: EVENTS_PER_TYPE events of every type, VUS_PER_EVENT_TYPE VUs each. */
export function readBatchConfig(env) {
  const r = new Reader(env);
  const common = readCommon(r);
  const eventsPerType = r.positiveInt('EVENTS_PER_TYPE', 5);
  const vusPerTypeSetting = r.positiveInt('VUS_PER_EVENT_TYPE', undefined);
  const totalVus = r.positiveInt('TOTAL_VUS', undefined);
  const maxDuration = r.duration('MAX_DURATION', '1h');
  if (totalVus !== undefined && totalVus < 4) {
    r.problem(`TOTAL_VUS must be at least 4 (one VU per event type), got '${env.TOTAL_VUS}'`);
  }
  r.done();
  // TOTAL_VUS alone spreads that many VUs over the four types; with VUS_PER_EVENT_TYPE it caps them.
  let vusPerType = vusPerTypeSetting !== undefined ? vusPerTypeSetting : 1;
  if (totalVus !== undefined) {
    const share = Math.floor(totalVus / 4);
    vusPerType = vusPerTypeSetting !== undefined ? Math.min(vusPerTypeSetting, share) : share;
  }
  // k6 refuses shared-iterations with more VUs than iterations; extra VUs would idle anyway.
  vusPerType = Math.min(vusPerType, eventsPerType);
  return { ...common, eventsPerType, vusPerType, totalVus, maxDuration };
}

/** Settings of arrival-rate.js: RATE events/s for DURATION. */
export function readArrivalConfig(env) {
  const r = new Reader(env);
  const common = readCommon(r);
  const rate = r.positiveInt('RATE', 50);
  const duration = r.duration('DURATION', '1m');
  const preAllocatedVus = r.positiveInt('PRE_ALLOCATED_VUS', 10);
  const maxVus = r.positiveInt('MAX_VUS', Math.max(100, preAllocatedVus || 0));
  const maxDroppedIterations = r.nonNegativeInt('MAX_DROPPED_ITERATIONS', 0);
  if (preAllocatedVus !== undefined && maxVus !== undefined && maxVus < preAllocatedVus) {
    r.problem(`MAX_VUS (${maxVus}) must not be lower than PRE_ALLOCATED_VUS (${preAllocatedVus})`);
  }
  r.done();
  return { ...common, rate, duration, preAllocatedVus, maxVus, maxDroppedIterations };
}

function readCommon(r) {
  return {
    baseUrl: readBaseUrl(r),
    apiKey: r.text('API_KEY'),
    runId: r.runId('RUN_ID'),
    summaryFile: r.text('SUMMARY_FILE'),
    p95Ms: r.positiveNumber('P95_MS', 1000),
  };
}

// API_URL (or the legacy LAMBDA_PYTHON_REST_API_URL) is the full base URL and wins over HOST/PORT.
function readBaseUrl(r) {
  for (const name of ['API_URL', 'LAMBDA_PYTHON_REST_API_URL']) {
    const url = r.text(name);
    if (url !== undefined) {
      if (!HTTP_URL.test(url)) {
        r.problem(`${name} must be an http(s) URL such as http://localhost:8081, got '${url}'`);
        return undefined;
      }
      return url.replace(/\/+$/, '');
    }
  }
  const host = r.text('HOST') ?? DEFAULT_HOST;
  if (!HOST.test(host)) {
    r.problem(`HOST must be a host name or IP address (use API_URL for a full URL), got '${host}'`);
  }
  const port = r.port('PORT', DEFAULT_PORT);
  return `http://${host}:${port}`;
}

/** Reads variables and collects every problem, so one run reports all bad settings at once. */
class Reader {
  constructor(env) {
    this.env = env || {};
    this.problems = [];
  }

  problem(message) {
    this.problems.push(message);
  }

  done() {
    if (this.problems.length > 0) {
      throw new ConfigError(this.problems);
    }
  }

  /** The trimmed value, or undefined when unset or blank. */
  text(name) {
    const raw = this.env[name];
    if (raw === undefined || raw === null) {
      return undefined;
    }
    const value = String(raw).trim();
    return value === '' ? undefined : value;
  }

  positiveInt(name, fallback) {
    return this.integer(name, fallback, 1, `${name} must be a positive integer`);
  }

  nonNegativeInt(name, fallback) {
    return this.integer(name, fallback, 0, `${name} must be zero or a positive integer`);
  }

  port(name, fallback) {
    const port = this.integer(name, fallback, 1, `${name} must be an integer between 1 and 65535`);
    if (port !== undefined && port > 65535) {
      this.problem(`${name} must be an integer between 1 and 65535, got '${this.env[name]}'`);
    }
    return port;
  }

  integer(name, fallback, min, message) {
    const value = this.text(name);
    if (value === undefined) {
      return fallback;
    }
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min) {
      this.problem(`${message}, got '${this.env[name]}'`);
      return undefined;
    }
    return number;
  }

  positiveNumber(name, fallback) {
    const value = this.text(name);
    if (value === undefined) {
      return fallback;
    }
    const number = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !(number > 0)) {
      this.problem(`${name} must be a positive number, got '${this.env[name]}'`);
      return undefined;
    }
    return number;
  }

  duration(name, fallback) {
    const value = this.text(name) ?? fallback;
    if (!K6_DURATION.test(value)) {
      this.problem(`${name} must be a duration such as 30s, 5m or 1h30m, got '${this.env[name]}'`);
      return undefined;
    }
    return value;
  }

  runId(name) {
    const value = this.text(name);
    if (value !== undefined && !RUN_ID_PATTERN.test(value)) {
      this.problem(`${name} must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, got '${this.env[name]}'`);
      return undefined;
    }
    return value;
  }
}
