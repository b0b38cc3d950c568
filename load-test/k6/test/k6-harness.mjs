// Runs a k6 script under Node, for tests: k6 itself is not installed here (AGPL), so this stands in for
// the part of k6 the scripts use. It imports the script with __ENV and open(), calls setup(), runs
// each scenario's iterations one after the other (shared-iterations: `iterations`; constant-arrival-
// rate: rate x duration, without the timing), and passes k6's default summary data layout to
// handleSummary. HTTP goes through a transport function the test chooses. Not emulated: concurrency,
// timing, threshold results in the summary data (lib/summary.js then evaluates them itself).

import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import exec from './k6-shim/execution.mjs';
import { runtime } from './k6-shim/runtime.mjs';

register('./k6-shim/hooks.mjs', import.meta.url);

let loads = 0;

/**
 * @param {string} script file name in load-test/k6/
 * @param {Record<string, string>} env the --env variables
 * @param {(request: {method: string, url: string, body: string, headers: object}) => {status: number, body?: string, error?: string}} transport
 * @returns {Promise<{options: object, setupData: object, outputs: Record<string, string>}>} what handleSummary returned
 */
export async function runK6Script(script, env, transport) {
  runtime.reset(transport);
  const scriptUrl = new URL(`../${script}`, import.meta.url);
  globalThis.__ENV = Object.freeze({ ...env });
  globalThis.open = (path) => readFileSync(new URL(path, scriptUrl), 'utf8');
  // A new module instance per run, so init code reads this run's __ENV, as in a new k6 process.
  const module = await import(`${scriptUrl.href}?load=${++loads}`);
  const started = Date.now();
  // k6 hands setup()'s result to VUs and handleSummary as JSON.
  const setupData = JSON.parse(JSON.stringify(module.setup ? module.setup() : null));
  for (const [name, scenario] of Object.entries(module.options.scenarios)) {
    const fn = module[scenario.exec || 'default'];
    if (typeof fn !== 'function') {
      throw new Error(`scenario ${name}: the script exports no function '${scenario.exec}'`);
    }
    exec.scenario.name = name;
    for (let i = 0; i < iterationsOf(scenario); i++) {
      exec.scenario.iterationInTest = i;
      fn(setupData);
    }
  }
  const data = summaryData(module.options, setupData, Date.now() - started);
  return { options: module.options, setupData, outputs: module.handleSummary(data) };
}

function iterationsOf(scenario) {
  switch (scenario.executor) {
    case 'shared-iterations':
      return scenario.iterations;
    case 'constant-arrival-rate':
      return Math.round((scenario.rate * seconds(scenario.duration)) / seconds(scenario.timeUnit || '1s'));
    default:
      throw new Error(`the k6 stand-in does not run executor '${scenario.executor}'`);
  }
}

function seconds(duration) {
  const units = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * units[unit];
  }
  return total;
}

// k6's default handleSummary layout (metrics by name with values, setup_data, state), without threshold results.
function summaryData(options, setupData, durationMs) {
  const metrics = {};
  for (const [name, metric] of runtime.metrics) {
    metrics[name] = { type: metric.type, contains: metric.contains, values: valuesOf(metric, options.summaryTrendStats, durationMs) };
  }
  return {
    root_group: { name: '', path: '', id: '', groups: [], checks: [] },
    options: { summaryTrendStats: options.summaryTrendStats, summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    metrics,
    setup_data: setupData,
  };
}

function valuesOf(metric, trendStats, durationMs) {
  const samples = metric.samples;
  const sum = samples.reduce((a, b) => a + b, 0);
  switch (metric.type) {
    case 'counter':
      return { count: sum, rate: sum / Math.max(durationMs / 1000, 0.001) };
    case 'rate':
      return { rate: sum / samples.length, passes: sum, fails: samples.length - sum };
    default: {
      const sorted = [...samples].sort((a, b) => a - b);
      const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
      const stats = { avg: sum / samples.length, min: sorted[0], med: pct(50), max: sorted[sorted.length - 1] };
      const values = {};
      for (const stat of trendStats) {
        const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
        values[stat] = p ? pct(Number(p[1])) : stats[stat];
      }
      return values;
    }
  }
}
