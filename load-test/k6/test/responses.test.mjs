import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRejection, judgeResponse } from '../lib/responses.js';

const ID = '0b8f5c0e-4a8b-4c1e-9d2f-8e7a6b5c4d3e';

describe('judging an answer of the producer API', () => {
  it('accepts 200 stored with the event id echoed', () => {
    assert.deepEqual(judgeResponse(200, JSON.stringify({ eventId: ID, result: 'stored' }), ID),
      { accepted: true, eventIdEchoed: true, knownResult: true });
  });

  it('accepts 200 duplicate, the answer to a safe retry', () => {
    assert.deepEqual(judgeResponse(200, JSON.stringify({ eventId: ID, result: 'duplicate' }), ID),
      { accepted: true, eventIdEchoed: true, knownResult: true });
  });

  it('flags a 200 that echoes another event id or an unknown result', () => {
    assert.deepEqual(judgeResponse(200, JSON.stringify({ eventId: 'other', result: 'queued' }), ID),
      { accepted: true, eventIdEchoed: false, knownResult: false });
  });

  it('flags a 200 whose body is not JSON', () => {
    assert.deepEqual(judgeResponse(200, '<html>ok</html>', ID), { accepted: true, eventIdEchoed: false, knownResult: false });
  });

  it('does not accept 201, 4xx, 5xx or no answer at all', () => {
    for (const status of [0, 201, 400, 409, 422, 503]) {
      assert.equal(judgeResponse(status, JSON.stringify({ eventId: ID, result: 'stored' }), ID).accepted, false, `status ${status}`);
    }
  });
});

describe('explaining a rejection', () => {
  it('gives the transport error when there was no answer', () => {
    assert.equal(describeRejection('CarCreated', 3, 0, null, 'dial tcp 127.0.0.1:8081: connect: connection refused'),
      'CarCreated #3 not accepted: no HTTP answer (dial tcp 127.0.0.1:8081: connect: connection refused)');
  });

  it('quotes title, detail and the first violations of a problem answer', () => {
    const problem = {
      type: 'about:blank', title: 'Invalid event', status: 422, detail: '4 violations',
      violations: [1, 2, 3, 4].map((i) => ({ pointer: `/entities/0/f${i}`, message: 'is required' })),
    };
    assert.equal(describeRejection('LoanCreated', 4, 422, JSON.stringify(problem)),
      'LoanCreated #4 not accepted: HTTP 422: Invalid event - 4 violations - violations: /entities/0/f1 is required; '
      + '/entities/0/f2 is required; /entities/0/f3 is required (+1 more)');
  });

  it('shows the start of a body that is not JSON', () => {
    assert.equal(describeRejection('CarServiceDone', 1, 502, `Bad Gateway ${'x'.repeat(500)}`).length, 'CarServiceDone #1 not accepted: HTTP 502: '.length + 200);
    assert.equal(describeRejection('CarServiceDone', 1, 404, ''), 'CarServiceDone #1 not accepted: HTTP 404');
  });
});
