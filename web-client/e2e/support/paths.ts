import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webClientRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = resolve(webClientRoot, '..');
export const screenshotsDir = resolve(webClientRoot, 'screenshots');
