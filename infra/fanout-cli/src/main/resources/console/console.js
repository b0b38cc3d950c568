'use strict';
// Polls /api/pipeline every 2 s, computes rates from offset deltas between polls, and redraws the graph.
(() => {
  const REFRESH_MS = 2000;
  let rules = null;
  let previous = null; // { at, topics: name → endOffset, groups: "group|topic" → committedOffset }

  async function loadRules() {
    try {
      const response = await fetch('api/rules');
      rules = response.ok ? await response.json() : { rules: [], error: await response.text() };
    } catch (e) {
      rules = null;
    }
  }

  function ratesSince(report) {
    const now = { at: report.sampledAtMillis, topics: {}, groups: {} };
    report.topics.forEach(t => { now.topics[t.name] = t.endOffset; });
    report.groups.forEach(g => { now.groups[g.group + '|' + g.topic] = g.committedOffset; });
    const rates = { topics: {}, groups: {} };
    const growth = {};
    if (previous && now.at > previous.at) {
      const seconds = (now.at - previous.at) / 1000;
      for (const [name, end] of Object.entries(now.topics)) {
        if (name in previous.topics) {
          rates.topics[name] = Math.max(0, end - previous.topics[name]) / seconds;
          growth[name] = Math.max(0, end - previous.topics[name]);
        }
      }
      for (const [key, offset] of Object.entries(now.groups)) {
        if (key in previous.groups) rates.groups[key] = Math.max(0, offset - previous.groups[key]) / seconds;
      }
    }
    if (previous && now.at <= previous.at) return previous.result; // the same sample again (one inspection per second)
    now.result = { rates, growth };
    previous = now;
    return now.result;
  }

  function showLines(report) {
    const list = document.getElementById('lines');
    dom.clear(list);
    report.problems.forEach(line => list.append(dom.el('li', { class: 'problem' }, 'PROBLEM: ' + line)));
    report.warnings.forEach(line => list.append(dom.el('li', { class: 'warning' }, line)));
    const summary = document.getElementById('summary');
    summary.className = 'summary ' + (report.problems.length ? 'problem' : report.warnings.length ? 'warning' : 'ok');
    summary.textContent = report.problems.length ? report.problems.length + ' problem(s): events are not delivered'
      : report.warnings.length ? report.warnings.length + ' warning(s)' : 'all delivering';
    document.getElementById('updated').textContent = 'sampled ' + new Date(report.sampledAtMillis).toLocaleTimeString();
  }

  async function refresh() {
    try {
      if (!rules) await loadRules();
      const response = await fetch('api/pipeline', { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const report = await response.json();
      const { rates, growth } = ratesSince(report);
      showLines(report);
      graph.render(document.getElementById('graph'), graph.build(report, rules, rates, growth));
    } catch (e) {
      const summary = document.getElementById('summary');
      summary.className = 'summary problem';
      summary.textContent = 'console unreachable: ' + e.message;
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  refresh();
})();
