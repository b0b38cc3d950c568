'use strict';
// The lineage as a graph: producer → PostgreSQL → connector → raw topic → routing job → rule topics → consumer groups → DLQs.
// Nodes are HTML boxes in a grid (text wraps, stays selectable); edges are SVG paths drawn between the boxes.
const graph = (() => {
  const COLUMNS = ['Producer API', 'PostgreSQL', 'Connector', 'Raw events', 'Routing job', 'Rule → topic', 'Consumer groups', 'Dead letters'];
  const DLQ_SUFFIX = '-dlq';

  // Words after a command that are prose, not arguments.
  const PROSE = new Set(['shows', 'resumes', 'why', 'and', 'gives', 'to', 'it', 'is', 'for']);

  /** The commands a report line names (./fanout …, curl -X …): the help shown under the reason. */
  function commandsIn(line) {
    const found = [];
    const words = line.split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      if (words[i] !== './fanout' && words[i] !== 'curl') continue;
      const command = [words[i]];
      for (let j = i + 1; j < words.length && command.length < 6; j++) {
        const word = words[j].replace(/[,;)]+$/, '');
        if (PROSE.has(word) || !/^[A-Za-z0-9_.:/=@-]+$/.test(word)) break;
        command.push(word);
        if (word !== words[j]) break;
      }
      found.push(command.join(' '));
    }
    return found;
  }

  /** Which node a warning or problem line is about, by the inspector's wording. */
  function nodeOfLine(line) {
    let m;
    if ((m = /^connector (\S+) is /.exec(line))) return 'connector:' + m[1];
    if ((m = /^replication slot (\S+) /.exec(line))) return 'slot:' + m[1];
    if ((m = /^consumer group (\S+) is falling behind on (\S+):/.exec(line))) return 'group:' + m[1] + '|' + m[2];
    if ((m = /^flink job (.+?) is /.exec(line))) return 'job:' + m[1];
    if (/^connect:/.test(line)) return 'connector:';
    if (/^postgres:/.test(line)) return 'slot:';
    if (/^flink:/.test(line)) return 'job:';
    if (/^kafka:/.test(line) || /parked/.test(line)) return 'topic:raw';
    if ((m = /^(\S+) is (DOWN|UNREACHABLE) /.exec(line))) return 'health:' + m[1];
    return null;
  }

  function node(key, kind, title, opts) {
    return Object.assign({ key, kind, title, metrics: [], reasons: [], status: 'ok', onClick: null }, opts);
  }

  /** Marks a node red with a one-line reason and the commands that help; {@code fromReport}: a line of the report itself. */
  function problem(n, reason, help, fromReport) {
    n.status = 'problem';
    if (!n.reasons.some(r => r.text === reason)) n.reasons.push({ text: reason, help: help || [], fromReport: !!fromReport });
  }

  /**
   * The nodes (in grid cells) and edges of one report.
   * @param rates events/s per topic and records/s per group, computed by the caller from offset deltas
   */
  function build(report, rules, rates, deadLetterGrowth) {
    const cells = new Map(); // "col:row" → nodes
    const edges = [];
    const byKey = new Map();
    const put = (col, row, n) => {
      const id = col + ':' + row;
      if (!cells.has(id)) cells.set(id, { col, row, nodes: [] });
      cells.get(id).nodes.push(n);
      byKey.set(n.key, n);
      return n;
    };
    const topics = new Map(report.topics.map(t => [t.name, t]));
    const groupsOf = name => report.groups.filter(g => g.topic === name);
    const sourceTopic = (rules && rules.sourceTopic) || 'raw-business-events';
    const routingDlq = (rules && rules.deadLetterTopic) || sourceTopic + DLQ_SUFFIX;
    const ruleList = (rules && rules.rules) || [];
    const ruleTopics = new Set(ruleList.map(r => r.outputTopic));
    const shown = new Set([sourceTopic, routingDlq]);
    ruleTopics.forEach(t => { shown.add(t); shown.add(t + DLQ_SUFFIX); });
    const otherTopics = report.topics.map(t => t.name)
      .filter(name => !shown.has(name) && !(name.endsWith(DLQ_SUFFIX) && topics.has(name.slice(0, -DLQ_SUFFIX.length))));
    const rows = [];
    ruleList.forEach(rule => rows.push({ rule, topic: rule.outputTopic }));
    otherTopics.forEach(topic => rows.push({ rule: null, topic }));
    const rowCount = Math.max(1, rows.length);
    const spanAll = { span: rowCount };

    // Producer API and the other apps' readiness.
    const producerHealth = report.health.filter(h => /producer/.test(h.name));
    const producer = put(1, 1, node('health:producer', 'app', 'producer API', spanAll));
    producer.metrics.push(['state', producerHealth.length ? producerHealth.map(h => h.state).join(', ') : 'not watched']);
    producerHealth.forEach(h => { producer.key = 'health:' + h.name; byKey.set(producer.key, producer); });

    // PostgreSQL: one node per replication slot.
    const slots = report.slots.length ? report.slots : [null];
    slots.forEach(slot => {
      const n = put(2, 1, node('slot:' + (slot ? slot.name : ''), 'slot', slot ? 'slot ' + slot.name : 'PostgreSQL', spanAll));
      if (!slot) { n.status = 'idle'; n.metrics.push(['slot', 'none']); return; }
      n.metrics.push(['active', slot.active ? 'yes' : 'no'], ['retained WAL', dom.bytes(slot.retainedWalBytes)], ['wal_status', slot.walStatus]);
      if (slot.walStatus === 'lost') problem(n, 'slot ' + slot.name + ' is lost: its connector cannot resume', ['./fanout backfill --since']);
      else if (!slot.active) problem(n, 'slot ' + slot.name + ' is inactive: no connector reads it, WAL piles up', ['./fanout logs connect']);
      edges.push([producer.key, n.key]);
    });

    // Connectors and their tasks.
    const connectors = report.connectors.length ? report.connectors : [null];
    connectors.forEach(c => {
      const n = put(3, 1, node('connector:' + (c ? c.name : ''), 'connector', c ? c.name : 'no connector', spanAll));
      if (!c) { n.status = 'idle'; return; }
      n.metrics.push(['state', c.state], ['tasks', c.taskStates.length ? c.taskStates.join(', ') : 'none']);
      if (c.state !== 'RUNNING' || c.taskStates.some(s => s !== 'RUNNING')) {
        const help = c.state === 'PAUSED' ? ['curl -X PUT …/connectors/' + c.name + '/resume'] : ['./fanout connector restart ' + c.name];
        problem(n, 'connector ' + c.name + ' is ' + c.state + ' (tasks ' + (c.taskStates.join(', ') || 'none') + ')', help);
      }
      slots.forEach(s => edges.push(['slot:' + (s ? s.name : ''), n.key]));
    });

    // The raw topic every event passes.
    const raw = put(4, 1, topicNode('topic:raw', sourceTopic, topics, rates, spanAll));
    connectors.forEach(c => edges.push(['connector:' + (c ? c.name : ''), raw.key]));

    // Routing jobs, and the routing job's dead letters under them.
    const jobs = report.jobs.length ? report.jobs : [null];
    jobs.forEach(job => {
      const n = put(5, 1, node('job:' + (job ? job.name : ''), 'job', job ? job.name : 'routing job', spanAll));
      if (!job) { n.status = 'idle'; n.metrics.push(['state', 'not reported']); edges.push([raw.key, n.key]); return; }
      n.metrics.push(['state', job.state], ['last checkpoint', job.lastCheckpointAgeSeconds === null ? '–' : job.lastCheckpointAgeSeconds + ' s ago']);
      if (job.restarts !== null) n.metrics.push(['restarts', job.restarts]);
      if (job.state !== 'RUNNING') problem(n, 'job ' + job.name + ' is ' + job.state + ': nothing is routed', ['./fanout logs routing-job']);
      edges.push([raw.key, n.key]);
    });
    const jobDlq = put(5, 1, dlqNode(routingDlq, topics, deadLetterGrowth, spanAll));
    jobs.forEach(job => edges.push(['job:' + (job ? job.name : ''), jobDlq.key]));

    // One row per rule (its topic, groups, DLQs), then the topics no rule writes.
    rows.forEach((row, i) => {
      const r = i + 1;
      const t = put(6, r, topicNode(row.rule ? 'rule:' + row.rule.id : 'topic:' + row.topic, row.topic, topics, rates, {}));
      if (row.rule) {
        t.kind = 'rule';
        t.title = row.rule.id;
        t.subtitle = '→ ' + row.topic;
        t.metrics[0][0] = 'matched';
        if (!row.rule.deployable) { t.status = 'idle'; t.metrics.push(['deployed', 'no']); }
        t.onClick = () => rulesPanel.show(row.rule);
        jobs.forEach(job => edges.push(['job:' + (job ? job.name : ''), t.key]));
      }
      const dlqName = row.topic + DLQ_SUFFIX;
      const dlq = topics.has(dlqName) ? put(8, r, dlqNode(dlqName, topics, deadLetterGrowth, {})) : null;
      groupsOf(row.topic).forEach(g => {
        const n = put(7, r, node('group:' + g.group + '|' + g.topic, 'group', g.group));
        n.metrics.push(['lag', dom.number(g.lag)], ['rate', dom.rate(rates.groups[g.group + '|' + g.topic])]);
        n.metrics[0].push('lag');
        if (g.lagGrowthPerSecond > 0 && g.lag > 0) {
          problem(n, g.group + ' is falling behind: lag ' + g.lag + ' and growing', ['./fanout status --pipeline']);
        }
        if (dlq && deadLetterGrowth[dlqName] > 0) {
          problem(n, g.group + ' is dead-lettering: ' + deadLetterGrowth[dlqName] + ' new on ' + dlqName, ['./fanout dlq list ' + dlqName]);
        }
        edges.push([t.key, n.key]);
        if (dlq) edges.push([n.key, dlq.key]);
      });
      if (dlq && !groupsOf(row.topic).length) edges.push([t.key, dlq.key]);
    });

    // Apps other than the producer: their readiness, under the consumer groups.
    report.health.filter(h => !/producer/.test(h.name)).forEach(h => {
      const n = put(7, rowCount, node('health:' + h.name, 'app', h.name));
      n.metrics.push(['ready', h.state]);
    });
    report.health.forEach(h => {
      const n = byKey.get('health:' + h.name);
      if (n && h.state !== 'UP') problem(n, h.name + ' is ' + h.state, ['./fanout logs ' + h.name]);
    });

    // The report's own lines: each on its node, with the commands it names.
    [...report.problems, ...report.warnings].forEach(line => {
      const key = nodeOfLine(line);
      const n = key && (byKey.get(key) || [...byKey.values()].find(v => v.key.startsWith(key) && key.endsWith(':')));
      if (n) problem(n, line, commandsIn(line), true);
    });
    // The report's wording (with its commands) replaces what the page derived from the same state.
    byKey.forEach(n => { if (n.reasons.some(r => r.fromReport)) n.reasons = n.reasons.filter(r => r.fromReport); });
    return { cells: [...cells.values()], edges, rowCount };
  }

  function topicNode(key, name, topics, rates, opts) {
    const t = topics.get(name);
    const n = node(key, 'topic', name, opts);
    n.metrics.push(['records', t ? dom.number(t.endOffset) : '–', 'records'], ['events', dom.rate(rates.topics[name]), 'rate']);
    if (!t) n.status = 'idle';
    return n;
  }

  function dlqNode(name, topics, growth, opts) {
    const t = topics.get(name);
    const n = node('dlq:' + name, 'dlq', name, opts);
    const count = t ? t.endOffset : 0;
    n.metrics.push(['dead letters', t ? dom.number(count) : '–', 'records']);
    if (!t) n.status = 'idle';
    else if (count > 0) problem(n, count + ' dead letter(s)' + (growth[name] > 0 ? ', ' + growth[name] + ' new' : ''), ['./fanout dlq list ' + name]);
    return n;
  }

  function render(container, model) {
    dom.clear(container);
    container.style.gridTemplateRows = 'auto repeat(' + model.rowCount + ', auto)';
    COLUMNS.forEach((title, i) => {
      const head = dom.el('h2', { class: 'column' }, title);
      head.style.gridColumn = String(i + 1);
      head.style.gridRow = '1';
      container.append(head);
    });
    for (const cell of model.cells) {
      const box = dom.el('div', { class: 'cell' });
      box.style.gridColumn = String(cell.col);
      const span = cell.nodes[0].span;
      box.style.gridRow = span ? (cell.row + 1) + ' / span ' + span : String(cell.row + 1);
      cell.nodes.forEach(n => box.append(renderNode(n)));
      container.append(box);
    }
    const svg = dom.svg('svg', { class: 'edges', 'aria-hidden': 'true' });
    container.prepend(svg);
    drawEdges(container, svg, model.edges);
  }

  function renderNode(n) {
    const box = dom.el('div', { class: 'node ' + n.kind + ' ' + n.status, 'data-node': n.key, title: n.title, tabindex: n.onClick ? 0 : null, role: n.onClick ? 'button' : null },
      dom.el('div', { class: 'title' }, n.title),
      n.subtitle ? dom.el('div', { class: 'subtitle' }, n.subtitle) : null,
      n.metrics.map(([label, value, metric]) => dom.el('div', { class: 'metric' }, dom.el('span', { class: 'label' }, label + ' '),
        dom.el('span', { class: 'value', 'data-metric': metric || null }, value))),
      n.reasons.map(r => dom.el('div', { class: 'reason' }, r.text,
        r.help.map(h => dom.el('code', { class: 'help' }, h)))));
    if (n.onClick) {
      box.addEventListener('click', n.onClick);
      box.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); n.onClick(); } });
    }
    return box;
  }

  function drawEdges(container, svg, edges) {
    const origin = container.getBoundingClientRect();
    svg.setAttribute('width', container.scrollWidth);
    svg.setAttribute('height', container.scrollHeight);
    const find = key => container.querySelector('[data-node="' + CSS.escape(key) + '"]');
    const seen = new Set();
    for (const [from, to] of edges) {
      if (seen.has(from + '>' + to)) continue;
      seen.add(from + '>' + to);
      const a = find(from), b = find(to);
      if (!a || !b) continue;
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      const x1 = ra.right - origin.left, y1 = ra.top + ra.height / 2 - origin.top;
      const x2 = rb.left - origin.left, y2 = rb.top + rb.height / 2 - origin.top;
      if (x2 <= x1) continue; // same column (a job's DLQ under it): the cell shows the relation
      const dx = (x2 - x1) / 2;
      const troubled = a.classList.contains('problem') || b.classList.contains('problem');
      svg.append(dom.svg('path', { d: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`, class: troubled ? 'edge problem' : 'edge' }));
    }
  }

  return { build, render, commandsIn, nodeOfLine };
})();
