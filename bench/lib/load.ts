// Drives HTTP load from a separate process (autocannon, see load-runner.ts) and returns what it measured.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LoadSpec {
  url: string;
  token: string;
  method: 'GET' | 'POST' | 'PUT';
  /** Request templates, used round-robin; `{i}` becomes the request's sequence number. */
  items: Array<{ path: string; body?: string }>;
  connections: number;
  /** Requests in flight per connection (HTTP/1.1 pipelining); 1 = none. */
  pipelining?: number;
  durationSec: number;
  /** Stop after this many requests instead of after `durationSec`. */
  amount?: number;
  /** The status every request must get (anything else is counted and reported). */
  expect: number;
}

export interface LoadResult {
  /** Requests answered with `expect`. */
  expected: number;
  errors: number;
  failures: string[];
  latencyP50: number;
  latencyP99: number;
  /** From the first request sent to the last response received (excludes the generator's own start-up). */
  activeSeconds: number;
}

const RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'load-runner.js');

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [RUNNER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return rej(new Error(`load generator exited ${code}: ${err}`));
      const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
      if (r.failures.length || r.errors) return rej(new Error(`${spec.method} load: ${r.errors} errors; ${r.failures.join('; ')}`));
      res(r);
    });
    child.stdin.end(JSON.stringify(spec));
  });
}
