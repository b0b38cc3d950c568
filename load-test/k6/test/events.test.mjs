import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  EVENT_TYPES, LARGE_LOAN_AMOUNT, REGULAR_LOAN_AMOUNT, buildEvent, entityId, loadTemplates, newRunId,
  randomUuid, slotOfIteration, templateFile,
} from '../lib/events.js';

const EVENTS_DIR = new URL('../../../contract/samples/', import.meta.url);
const readTemplate = (file) => readFileSync(new URL(file, EVENTS_DIR), 'utf8');
const templates = loadTemplates(readTemplate);
const RUN = 'run-20261125101500-ab12';
const NOW = new Date('2026-11-25T10:15:00.123Z');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function event(type, n, options = {}) {
  return buildEvent(templates, type, RUN, n, { now: NOW, ...options });
}

describe('run ids', () => {
  it('look like run-<UTC yyyyMMddHHmmss>-<4 random [a-z0-9]>', () => {
    assert.match(newRunId(new Date('2026-01-02T03:04:05.678Z')), /^run-20260102030405-[a-z0-9]{4}$/);
  });

  it('differ between runs started in the same second', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRunId(NOW)));
    assert.ok(ids.size >= 49, `only ${ids.size} distinct run ids out of 50`);
  });
});

describe('entity ids', () => {
  it('are <run>-<CAR|LOAN|PAYMENT|SERVICE>-<n>', () => {
    assert.equal(entityId(RUN, 'CarCreated', 7), `${RUN}-CAR-7`);
    assert.equal(entityId(RUN, 'LoanCreated', 7), `${RUN}-LOAN-7`);
    assert.equal(entityId(RUN, 'LoanPaymentSubmitted', 7), `${RUN}-PAYMENT-7`);
    assert.equal(entityId(RUN, 'CarServiceDone', 7), `${RUN}-SERVICE-7`);
  });

  it('are unique within a run and never collide with another run', () => {
    const idsOf = (run) => EVENT_TYPES.flatMap((type) => Array.from({ length: 200 }, (_, i) => buildEvent(templates, type, run, i + 1).entities[0].id));
    const first = idsOf(newRunId(NOW));
    const second = idsOf(newRunId(NOW));
    assert.equal(new Set(first).size, first.length);
    assert.equal(first.filter((id) => second.includes(id)).length, 0);
  });
});

describe('building the n-th event', () => {
  it('sets the primary entity id as id and entityHeader.entityId, the Kafka key of the event', () => {
    for (const type of EVENT_TYPES) {
      const entity = event(type, 3).entities[0];
      assert.equal(entity.id, entityId(RUN, type, 3));
      assert.equal(entity.entityHeader.entityId, entity.id);
      assert.equal(event(type, 3).eventHeader.eventType, type);
    }
  });

  it('links a loan to car n, a payment to loan n and a service record to car n', () => {
    assert.equal(event('LoanCreated', 5).entities[0].carId, `${RUN}-CAR-5`);
    assert.equal(event('LoanPaymentSubmitted', 5).entities[0].loanId, `${RUN}-LOAN-5`);
    assert.equal(event('CarServiceDone', 5).entities[0].carId, `${RUN}-CAR-5`);
  });

  it('makes every 4th loan a large loan (150000) and the others 50000', () => {
    const amounts = [1, 2, 3, 4, 5, 8, 12].map((n) => event('LoanCreated', n).entities[0].loanAmount);
    assert.deepEqual(amounts, [REGULAR_LOAN_AMOUNT, REGULAR_LOAN_AMOUNT, REGULAR_LOAN_AMOUNT, LARGE_LOAN_AMOUNT,
      REGULAR_LOAN_AMOUNT, LARGE_LOAN_AMOUNT, LARGE_LOAN_AMOUNT]);
    assert.equal(LARGE_LOAN_AMOUNT, 150000);
    assert.equal(REGULAR_LOAN_AMOUNT, 50000);
  });

  it('puts even service records at DEALER-001 and odd ones at DEALER-002', () => {
    const dealers = [1, 2, 3, 4].map((n) => event('CarServiceDone', n).entities[0].dealerId);
    assert.deepEqual(dealers, ['DEALER-002', 'DEALER-001', 'DEALER-002', 'DEALER-001']);
  });

  it('gives every event a new v4 uuid and stamps the current time in the header and the entity header', () => {
    const a = event('CarCreated', 1, { now: NOW, uuid: randomUuid });
    const b = event('CarCreated', 1, { now: NOW, uuid: randomUuid });
    assert.match(a.eventHeader.uuid, UUID_V4);
    assert.notEqual(a.eventHeader.uuid, b.eventHeader.uuid);
    const time = NOW.toISOString();
    assert.deepEqual([a.eventHeader.createdDate, a.eventHeader.savedDate, a.entities[0].entityHeader.createdAt,
      a.entities[0].entityHeader.updatedAt], [time, time, time, time]);
  });

  it('keeps every field the rules do not name as in the template', () => {
    for (const type of EVENT_TYPES) {
      const template = JSON.parse(readTemplate(templateFile(type)));
      const built = event(type, 1, { uuid: () => template.eventHeader.uuid, now: new Date(template.eventHeader.createdDate) });
      for (const key of Object.keys(template.entities[0])) {
        if (!['id', 'entityHeader', 'carId', 'loanId', 'loanAmount', 'dealerId'].includes(key)) {
          assert.deepEqual(built.entities[0][key], template.entities[0][key], `${type} ${key}`);
        }
      }
      assert.equal(built.eventHeader.eventName, template.eventHeader.eventName);
      assert.deepEqual(Object.keys(built), Object.keys(template));
    }
  });

  it('leaves the templates untouched', () => {
    const before = JSON.stringify(templates);
    event('LoanCreated', 4);
    event('CarServiceDone', 2);
    assert.equal(JSON.stringify(templates), before);
  });

  it('refuses n below 1 or not an integer', () => {
    assert.throws(() => event('CarCreated', 0), /events are numbered from 1, got 0/);
    assert.throws(() => event('CarCreated', 1.5), /events are numbered from 1, got 1.5/);
  });

  it('names the known types when asked for an unknown one', () => {
    assert.throws(() => entityId(RUN, 'CarSold', 1), /unknown event type 'CarSold', expected one of CarCreated, LoanCreated, LoanPaymentSubmitted, CarServiceDone/);
  });
});

describe('loading the templates', () => {
  it('loads the four contract samples (contract/samples)', () => {
    assert.deepEqual(Object.keys(templates), EVENT_TYPES);
  });

  it('names the file that is not JSON', () => {
    const read = (file) => (file === 'loan-created-event.json' ? '{"eventHeader":' : readTemplate(file));
    assert.throws(() => loadTemplates(read), /template loan-created-event\.json is not valid JSON/);
  });

  it('names the file whose event type does not match', () => {
    const read = (file) => (file === 'car-created-event.json' ? readTemplate('loan-created-event.json') : readTemplate(file));
    assert.throws(() => loadTemplates(read), /template car-created-event\.json must have eventHeader\.eventType 'CarCreated', got 'LoanCreated'/);
  });

  it('refuses a template without exactly one entity', () => {
    const noEntity = JSON.stringify({ eventHeader: { eventType: 'CarCreated' }, entities: [] });
    const read = (file) => (file === 'car-created-event.json' ? noEntity : readTemplate(file));
    assert.throws(() => loadTemplates(read), /template car-created-event\.json must have exactly one entity/);
  });
});

describe('arrival-rate slots', () => {
  it('send car, loan, payment and service record of n before those of n+1', () => {
    const slots = Array.from({ length: 9 }, (_, i) => slotOfIteration(i));
    assert.deepEqual(slots.slice(0, 5), [
      { type: 'CarCreated', n: 1 }, { type: 'LoanCreated', n: 1 }, { type: 'LoanPaymentSubmitted', n: 1 },
      { type: 'CarServiceDone', n: 1 }, { type: 'CarCreated', n: 2 },
    ]);
    assert.deepEqual(slots[8], { type: 'CarCreated', n: 3 });
  });
});
