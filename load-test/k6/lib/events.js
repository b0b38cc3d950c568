// The events of a load run, built from the templates in contract/samples/ by the rules of its README
// (the Java load driver follows the same rules, and load-test/verify relies on them).
// Pure JavaScript: no k6 import, so Node can test it.

/** The four event types, in the order each entity chain is built: car, loan on the car, payment on the loan, service on the car. */
export const EVENT_TYPES = Object.freeze(['CarCreated', 'LoanCreated', 'LoanPaymentSubmitted', 'CarServiceDone']);

/** Template file (in contract/samples/) and id infix of each event type. */
const KINDS = Object.freeze({
  CarCreated: { template: 'car-created-event.json', infix: 'CAR' },
  LoanCreated: { template: 'loan-created-event.json', infix: 'LOAN' },
  LoanPaymentSubmitted: { template: 'loan-payment-submitted-event.json', infix: 'PAYMENT' },
  CarServiceDone: { template: 'car-service-done-event.json', infix: 'SERVICE' },
});

export const LARGE_LOAN_AMOUNT = 150000.0;
export const REGULAR_LOAN_AMOUNT = 50000.0;
export const ROUTED_DEALER = 'DEALER-001';
export const OTHER_DEALER = 'DEALER-002';

/** Run ids become part of entity ids and Kafka keys: the same pattern as the Java load driver. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const RUN_SUFFIX_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The template file name of an event type, relative to contract/samples/. */
export function templateFile(type) {
  return kind(type).template;
}

/** The id of the n-th entity of an event type's primary entity in a run: `<run>-<INFIX>-<n>`. */
export function entityId(runId, type, n) {
  return `${runId}-${kind(type).infix}-${n}`;
}

/**
 * A fresh run id, `run-<UTC yyyyMMddHHmmss>-<4 random [a-z0-9]>`.
 *
 * @param {Date} now the run's start
 * @param {(n: number) => Uint8Array} randomBytes source of randomness
 */
export function newRunId(now = new Date(), randomBytes = defaultRandomBytes) {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const suffix = Array.from(randomBytes(4), (b) => RUN_SUFFIX_CHARS[b % RUN_SUFFIX_CHARS.length]).join('');
  return `run-${stamp}-${suffix}`;
}

/**
 * Parses and checks the four templates.
 *
 * @param {(file: string) => string} read returns the text of a template file (k6: `open`, Node: `readFileSync`)
 * @returns {Record<string, object>} the parsed template of each event type
 * @throws {Error} naming the file when a template is not JSON or does not fit the rules of the README
 */
export function loadTemplates(read) {
  const templates = {};
  for (const type of EVENT_TYPES) {
    const file = templateFile(type);
    let template;
    try {
      template = JSON.parse(read(file));
    } catch (e) {
      throw new Error(`template ${file} is not valid JSON: ${e.message}`);
    }
    const actualType = template && template.eventHeader && template.eventHeader.eventType;
    if (actualType !== type) {
      throw new Error(`template ${file} must have eventHeader.eventType '${type}', got '${actualType}'`);
    }
    if (!Array.isArray(template.entities) || template.entities.length !== 1 || !template.entities[0].entityHeader) {
      throw new Error(`template ${file} must have exactly one entity with an entityHeader`);
    }
    templates[type] = template;
  }
  return Object.freeze(templates);
}

/**
 * The n-th event (n >= 1) of a type in a run: a copy of the template with a new event id, the current
 * time, the run's ids and links, and the routed variations (large loans, dealer DEALER-001).
 *
 * @param {Record<string, object>} templates from {@link loadTemplates}
 * @param {string} type one of {@link EVENT_TYPES}
 * @param {string} runId prefix of every id of the run
 * @param {number} n the event's number within its type, from 1
 * @param {{now?: Date, uuid?: () => string}} [options] clock and event id source (for tests)
 */
export function buildEvent(templates, type, runId, n, { now = new Date(), uuid = randomUuid } = {}) {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new Error(`events are numbered from 1, got ${n}`);
  }
  const event = JSON.parse(JSON.stringify(templates[type]));
  const time = now.toISOString();
  event.eventHeader.uuid = uuid();
  event.eventHeader.createdDate = time;
  event.eventHeader.savedDate = time;
  const entity = event.entities[0];
  const id = entityId(runId, type, n);
  entity.id = id;
  entity.entityHeader.entityId = id;
  entity.entityHeader.createdAt = time;
  entity.entityHeader.updatedAt = time;
  switch (type) {
    case 'LoanCreated':
      entity.carId = entityId(runId, 'CarCreated', n);
      entity.loanAmount = n % 4 === 0 ? LARGE_LOAN_AMOUNT : REGULAR_LOAN_AMOUNT;
      break;
    case 'LoanPaymentSubmitted':
      entity.loanId = entityId(runId, 'LoanCreated', n);
      break;
    case 'CarServiceDone':
      entity.carId = entityId(runId, 'CarCreated', n);
      entity.dealerId = n % 2 === 0 ? ROUTED_DEALER : OTHER_DEALER;
      break;
    default:
      break;
  }
  return event;
}

/**
 * Which event the i-th iteration (from 0) of a rate-driven run sends: the types take turns, so every n
 * gets its car first, then the loan, the payment and the service record.
 */
export function slotOfIteration(i) {
  return { type: EVENT_TYPES[i % EVENT_TYPES.length], n: Math.floor(i / EVENT_TYPES.length) + 1 };
}

/** A random (version 4) UUID. */
export function randomUuid(randomBytes = defaultRandomBytes) {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Web Crypto is global in Node and in k6 1.x; Math.random only for runtimes without it.
function defaultRandomBytes(n) {
  const bytes = new Uint8Array(n);
  const crypto = globalThis.crypto;
  if (crypto && typeof crypto.getRandomValues === 'function') {
    return crypto.getRandomValues(bytes);
  }
  for (let i = 0; i < n; i++) {
    bytes[i] = Math.floor(Math.random() * 256);
  }
  return bytes;
}

function kind(type) {
  const found = KINDS[type];
  if (!found) {
    throw new Error(`unknown event type '${type}', expected one of ${EVENT_TYPES.join(', ')}`);
  }
  return found;
}
