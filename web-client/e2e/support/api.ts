import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, webClientRoot } from './paths';

/**
 * The API as built by `dotnet build` (E2E_API_DLL names another build, e.g. a Release one): the
 * end-to-end tests build nothing themselves.
 */
export const apiDll = process.env.E2E_API_DLL ?? resolve(repoRoot, 'api/CoordinationApi/bin/Debug/net10.0/CoordinationApi.dll');
const spaRoot = resolve(webClientRoot, 'dist');
const readyTimeoutMs = 60_000;

export interface RunningApi {
  readonly baseUrl: string;
  readonly pid: number;
  readonly dataDir: string;
  readonly logFile: string;
}

let current: { api: RunningApi; process: ChildProcess } | null = null;

/** The origin of the API started by {@link startApi}, e.g. http://127.0.0.1:41234. */
export function apiBaseUrl(): string {
  if (!current) throw new Error('The API is not running: call startApi() first.');
  return current.api.baseUrl;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('No port'))));
    });
  });
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The API exited (${child.exitCode ?? child.signalCode}) before it was ready. Log:\n${logTail(logFile)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`GET ${baseUrl}/health/ready did not answer 200 within ${readyTimeoutMs / 1000} s (last: ${last}). Log:\n${logTail(logFile)}`);
}

/**
 * Starts the built API on a free loopback port with a fresh SQLite database (created, migrated and
 * seeded with the demo data on first run) and the built SPA, and waits until it reports ready.
 */
export async function startApi(): Promise<RunningApi> {
  if (current) throw new Error('The API is already running; stop it first.');
  if (!existsSync(apiDll)) throw new Error(`${apiDll} does not exist: build the API first (dotnet build).`);
  if (!existsSync(join(spaRoot, 'index.html'))) throw new Error(`${spaRoot}/index.html does not exist: run npm run build first.`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'coordination-e2e-'));
  const logFile = join(dataDir, 'api.log');
  const log = createWriteStream(logFile);
  const child = spawn('dotnet', [apiDll, '--urls', baseUrl], {
    cwd: dataDir,
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Development',
      ConnectionStrings__Coordination: `Data Source=${join(dataDir, 'e2e.db')}`,
      Spa__Root: spaRoot,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (child.pid === undefined) throw new Error('Could not start dotnet.');

  const api: RunningApi = { baseUrl, pid: child.pid, dataDir, logFile };
  current = { api, process: child };
  // Should the test runner itself be stopped, do not leave the API running behind it.
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  try {
    await waitUntilReady(baseUrl, child, logFile);
  } catch (error) {
    await stopApi();
    throw error;
  }
  return api;
}

/** Stops the API started by {@link startApi} by its process id and removes its database. Safe to call twice. */
export async function stopApi(): Promise<void> {
  if (!current) return;
  const { api, process: child } = current;
  current = null;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(api.pid, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 10_000))]);
    if (timedOut) {
      process.kill(api.pid, 'SIGKILL');
      await exited;
    }
  }
  if (!process.env.KEEP_E2E_DATA) rmSync(api.dataDir, { recursive: true, force: true });
}
