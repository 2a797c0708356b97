// HTTP load from wrk (C, one thread) when it is installed. autocannon spends more CPU per request than the daemon
// does, so on a 2-core machine a fast endpoint measures autocannon; wrk leaves the daemon its core. Takes the same
// LoadSpec as runLoad (duration-bound; `{i}` is the request's sequence number) and reports in the same shape.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult, LoadSpec } from './load.js';

let available: boolean | undefined;

/** wrk on PATH, unless KCPX_BENCH_GENERATOR=autocannon asks for the portable generator. */
export function wrkAvailable(): boolean {
  if (process.env['KCPX_BENCH_GENERATOR'] === 'autocannon') return false;
  return (available ??= spawnSync('wrk', ['--version']).error === undefined);
}

const lua = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;

/**
 * Round-robin over the items with `{i}` filled in (gsub with a function, so `%` in bodies stays literal); `done`
 * prints one JSON line for the caller (wrk's own report is for humans). wrk counts non-2xx answers as errors.
 */
function script(spec: LoadSpec): string {
  return `
wrk.method = ${lua(spec.method)}
wrk.headers["Authorization"] = ${lua(`Bearer ${spec.token}`)}
wrk.headers["Accept"] = "application/json"
wrk.headers["Content-Type"] = "application/json"
local items = { ${spec.items.map((it) => `{ ${lua(it.path)}, ${it.body === undefined ? 'nil' : lua(it.body)} }`).join(',\n')} }
local n = 0
local function fill(s, i) return (string.gsub(s, "{i}", function() return tostring(i) end)) end
request = function()
  local it = items[(n % #items) + 1]
  local path = fill(it[1], n)
  local body = it[2] and fill(it[2], n) or nil
  n = n + 1
  return wrk.format(nil, path, nil, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('KCPX {"requests":%d,"durationUs":%d,"non2xx":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

export function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-wrk-'));
  const file = join(dir, 'load.lua');
  writeFileSync(file, script(spec));
  const args = ['-t', '1', '-c', String(spec.connections), '-d', `${spec.durationSec}s`, '-s', file, spec.url];
  return new Promise((res, rej) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const line = out.split('\n').find((l) => l.startsWith('KCPX '));
      if (code !== 0 || !line) return rej(new Error(`wrk exited ${code}: ${err || out}`));
      const r = JSON.parse(line.slice(5)) as {
        requests: number;
        durationUs: number;
        non2xx: number;
        socketErrors: number;
        p50Us: number;
        p99Us: number;
      };
      if (r.non2xx || r.socketErrors)
        return rej(new Error(`${spec.method} load: ${r.non2xx} non-2xx answers, ${r.socketErrors} socket errors`));
      res({
        expected: r.requests,
        errors: 0,
        failures: [],
        latencyP50: Math.round(r.p50Us / 100) / 10,
        latencyP99: Math.round(r.p99Us / 100) / 10,
        activeSeconds: r.durationUs / 1e6,
      });
    });
  });
}
