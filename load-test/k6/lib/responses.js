// How the scripts judge the producer API's answers (producer-api/README.md, "What clients can rely on").
// Pure JavaScript: no k6 import, so Node can test it.

/** The status of an accepted event: 200 with `{"eventId", "result": "stored"}`, or `"duplicate"` for a safe retry. */
export const ACCEPTED_STATUS = 200;
const ACCEPTED_RESULTS = ['stored', 'duplicate'];

/** Check names, as they appear in k6's output and in the summary's `checksFailed`. */
export const CHECKS = Object.freeze({
  status: 'status is 200',
  eventId: 'eventId echoed',
  result: 'result is stored or duplicate',
});

/**
 * Judges one answer to `POST /api/v1/events`.
 *
 * @param {number} status HTTP status (0 when k6 got no answer)
 * @param {string|null|undefined} body response body
 * @param {string} eventId the `eventHeader.uuid` that was sent
 * @returns {{accepted: boolean, eventIdEchoed: boolean, knownResult: boolean}}
 */
export function judgeResponse(status, body, eventId) {
  const json = parseJson(body);
  const accepted = status === ACCEPTED_STATUS;
  return {
    accepted,
    eventIdEchoed: accepted && json !== undefined && json.eventId === eventId,
    knownResult: accepted && json !== undefined && ACCEPTED_RESULTS.includes(json.result),
  };
}

/**
 * One line that says why an event was not accepted: the status and, for the API's problem answers
 * (RFC 9457), title, detail and the first violations with their JSON pointers.
 *
 * @param {string} error k6's transport error (e.g. connection refused), if any
 */
export function describeRejection(type, n, status, body, error) {
  const what = `${type} #${n} not accepted: `;
  if (!status) {
    return `${what}no HTTP answer${error ? ` (${error})` : ''}`;
  }
  const problem = parseJson(body);
  if (problem === undefined || typeof problem !== 'object' || problem === null) {
    const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
    return `${what}HTTP ${status}${text ? `: ${text}` : ''}`;
  }
  const parts = [problem.title, problem.detail].filter((p) => typeof p === 'string' && p !== '');
  if (Array.isArray(problem.violations)) {
    const shown = problem.violations.slice(0, 3).map((v) => `${v.pointer || '/'} ${v.message}`);
    const more = problem.violations.length > shown.length ? ` (+${problem.violations.length - shown.length} more)` : '';
    parts.push(`violations: ${shown.join('; ')}${more}`);
  }
  return `${what}HTTP ${status}${parts.length ? `: ${parts.join(' - ')}` : ''}`;
}

function parseJson(body) {
  if (typeof body !== 'string' || body === '') {
    return undefined;
  }
  try {
    return JSON.parse(body);
  } catch (e) {
    return undefined;
  }
}
