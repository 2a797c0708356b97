// Child-process entry for bench/lib/load.ts: runs autocannon with the spec it reads from stdin and prints one JSON
// result line. The load generator lives in its own process so that, on a 2-core machine, the daemon gets a core of
// its own, the way a real client would leave it.
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load.js';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

const spec = JSON.parse(await readStdin()) as LoadSpec;
let next = 0;
let expected = 0;
const failures = new Map<string, number>();
// First request sent to last response received: the load itself, without this process's start-up.
let firstSent: number | undefined;
let lastAnswered = 0;

const result = await autocannon({
  url: spec.url,
  connections: spec.amount ? Math.min(spec.connections, spec.amount) : spec.connections,
  pipelining: spec.pipelining ?? 1,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationSec }),
  headers: { authorization: `Bearer ${spec.token}`, accept: 'application/json', 'content-type': 'application/json' },
  requests: [
    {
      method: spec.method,
      setupRequest: (req) => {
        firstSent ??= performance.now();
        const i = next++;
        const item = spec.items[i % spec.items.length]!;
        const path = item.path.replaceAll('{i}', String(i));
        return { ...req, path, ...(item.body ? { body: item.body.replaceAll('{i}', String(i)) } : {}) };
      },
      onResponse: (status, body) => {
        lastAnswered = performance.now();
        if (status === spec.expect) {
          expected++;
        } else {
          const key = `${status} ${body.slice(0, 200)}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      },
    },
  ],
});

const out: LoadResult = {
  expected,
  errors: result.errors + result.timeouts,
  failures: [...failures.entries()].slice(0, 5).map(([k, n]) => `${n}× ${k}`),
  latencyP50: result.latency.p50,
  latencyP99: result.latency.p99,
  activeSeconds: firstSent === undefined ? 0 : (lastAnswered - firstSent) / 1000,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
