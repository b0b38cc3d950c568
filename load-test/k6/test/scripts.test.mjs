import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EVENT_TYPES, templateFile } from '../lib/events.js';

const K6_DIR = new URL('../', import.meta.url);
const ENTRY_SCRIPTS = ['send-batch-events.js', 'arrival-rate.js'];
const scripts = [
  ...readdirSync(K6_DIR).filter((f) => f.endsWith('.js')),
  ...readdirSync(new URL('lib/', K6_DIR)).filter((f) => f.endsWith('.js')).map((f) => `lib/${f}`),
];
const source = (script) => readFileSync(new URL(script, K6_DIR), 'utf8');
const importsOf = (script) => [...source(script).matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);

describe('the k6 scripts', () => {
  it('are the two entry scripts and their lib', () => {
    for (const entry of ENTRY_SCRIPTS) {
      assert.ok(scripts.includes(entry), entry);
    }
  });

  for (const script of scripts) {
    it(`${script} parses (node --check)`, () => {
      const result = spawnSync(process.execPath, ['--check', fileURLToPath(new URL(script, K6_DIR))], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
    });

    it(`${script} imports no remote module, so runs work offline`, () => {
      const remote = importsOf(script).filter((specifier) => /^[a-z][a-z0-9+.-]*:/i.test(specifier) || specifier.startsWith('//'));
      assert.deepEqual(remote, []);
      assert.doesNotMatch(source(script), /https?:\/\/(jslib\.k6\.io|raw\.githubusercontent\.com|cdn\.)/);
    });
  }

  it('keep k6 imports out of the event, config, scenario, response and summary code, which Node tests run', () => {
    const k6Users = scripts.filter((script) => importsOf(script).some((specifier) => specifier === 'k6' || specifier.startsWith('k6/')));
    assert.deepEqual(k6Users.sort(), ['arrival-rate.js', 'lib/producer.js', 'send-batch-events.js']);
  });

  it('open the contract samples (contract/samples) relative to the k6 directory', () => {
    for (const entry of ENTRY_SCRIPTS) {
      assert.match(source(entry), /open\(`\.\.\/\.\.\/contract\/samples\/\$\{file\}`\)/, entry);
    }
    for (const type of EVENT_TYPES) {
      assert.ok(existsSync(new URL(`../../contract/samples/${templateFile(type)}`, K6_DIR)), templateFile(type));
    }
  });

  it('write the summary through handleSummary', () => {
    for (const entry of ENTRY_SCRIPTS) {
      assert.match(source(entry), /^export function handleSummary\(data\)/m, entry);
      assert.match(source(entry), /^export function setup\(\)/m, entry);
    }
  });
});
