// Fails when src/lib/api/schema.d.ts is not what `npm run gen:api` makes of the committed OpenAPI
// document, so a changed API contract cannot slip past the SPA's types unnoticed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../api/openapi/v1.json');
const committed = resolve(root, 'src/lib/api/schema.d.ts');
const generator = resolve(root, 'node_modules/openapi-typescript/bin/cli.js');

function fail(message) {
  console.error(`check:api: ${message}`);
  process.exit(1);
}

if (!existsSync(spec)) fail(`the OpenAPI document ${spec} does not exist.`);
if (!existsSync(committed)) fail(`${committed} does not exist: run \`npm run gen:api\`.`);

const dir = mkdtempSync(join(tmpdir(), 'check-api-'));
try {
  const fresh = join(dir, 'schema.d.ts');
  const run = spawnSync(process.execPath, [generator, spec, '-o', fresh], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) fail(`openapi-typescript failed:\n${run.stderr || run.stdout}`);

  const normalise = (text) => text.replace(/\r\n/g, '\n');
  const expected = normalise(readFileSync(fresh, 'utf8')).split('\n');
  const actual = normalise(readFileSync(committed, 'utf8')).split('\n');
  const line = expected.findIndex((text, i) => text !== actual[i]);
  if (line === -1 && expected.length === actual.length) {
    console.log('check:api: src/lib/api/schema.d.ts matches ../api/openapi/v1.json.');
  } else {
    const at = line === -1 ? Math.min(expected.length, actual.length) : line;
    fail(
      [
        'src/lib/api/schema.d.ts is stale: it differs from what ../api/openapi/v1.json generates.',
        `First difference at line ${at + 1}:`,
        `  committed: ${actual[at] ?? '(end of file)'}`,
        `  generated: ${expected[at] ?? '(end of file)'}`,
        'Run `npm run gen:api` in web-client/, fix any type errors it reveals, and commit the result.',
      ].join('\n'),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
