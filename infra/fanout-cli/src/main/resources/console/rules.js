'use strict';
// The rule panel: a rule's conditions, and a route preview of a pasted event (POST /api/route-preview, the
// routing rules' reference evaluator on the rules the stack runs).
const rulesPanel = (() => {
  const panel = () => document.getElementById('details');

  function show(rule) {
    const body = document.getElementById('details-body');
    dom.clear(body);
    body.append(...[
      dom.el('h2', { 'data-rule': rule.id }, rule.name || rule.id),
      dom.el('dl', {},
        dom.el('dt', {}, 'rule'), dom.el('dd', {}, rule.id),
        dom.el('dt', {}, 'topic'), dom.el('dd', {}, rule.outputTopic),
        dom.el('dt', {}, 'consumer'), dom.el('dd', {}, rule.consumerId || '–'),
        dom.el('dt', {}, 'deployed'), dom.el('dd', {}, rule.deployable ? 'yes' : 'no (disabled or not active)')),
      rule.description ? dom.el('p', {}, rule.description) : null,
      dom.el('h3', {}, 'Conditions (' + (rule.logic === 'OR' ? 'any' : 'all') + ' of)'),
      dom.el('ul', { class: 'conditions' }, rule.conditions.map(c => dom.el('li', {}, dom.el('code', {}, c)))),
    ].filter(Boolean));
    panel().hidden = false;
  }

  async function preview(event) {
    event.preventDefault();
    const result = document.getElementById('preview-result');
    dom.clear(result);
    result.className = 'preview-result';
    let response;
    try {
      response = await fetch('api/route-preview', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: document.getElementById('preview-event').value });
    } catch (e) {
      result.classList.add('error');
      result.append('console unreachable: ' + e.message);
      return;
    }
    if (!response.ok) {
      result.classList.add('error');
      result.append('HTTP ' + response.status + ': ' + (await response.text()).trim());
      return;
    }
    const routing = await response.json();
    if (!routing.wellFormed) {
      result.classList.add('error');
      result.append(dom.el('div', {}, '→ ' + routing.deadLetterTopic + ' (' + routing.reason + ')'));
    } else if (!routing.routes.length) {
      result.append(dom.el('div', {}, 'no topic: no deployable rule matches'));
    }
    result.append(dom.el('ul', { class: 'routes' }, routing.routes.map(r =>
      dom.el('li', { 'data-topic': r.topic }, dom.el('code', {}, r.topic), ' (rule ' + r.rule + ')'))));
  }

  document.getElementById('preview').addEventListener('submit', preview);
  document.getElementById('details-close').addEventListener('click', () => { panel().hidden = true; });
  return { show };
})();
