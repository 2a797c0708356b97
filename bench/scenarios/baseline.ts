// The physical limits on this machine, measured in the same run: a bare fastify HTTPS GET through undici
// keep-alive, and a bare better-sqlite3 autocommit insert loop (WAL, synchronous=NORMAL).
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createCA, issueServingCert } from '../../daemon/auth/pki.js';
import { forDuration } from '../lib/daemon.js';
import { round, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

export const baseline: Scenario = {
  name: 'baseline',
  description: 'physical limits: bare fastify HTTPS GET/s and better-sqlite3 inserts/s',
  async run(ctx) {
    const ca = await createCA();
    const serving = await issueServingCert(ca, { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    const app = Fastify({ https: { key: serving.key, cert: serving.cert }, logger: false });
    const payload = JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', namespace: 'default' }, data: { a: '1' } });
    app.get('/x', async (_req, reply) => reply.type('application/json').send(payload));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const agent = new Agent({ connect: { ca: ca.cert }, connections: 32 });
    const ms = ctx.quick ? 1500 : 5000;
    const n = await forDuration(ms, 32, async () => {
      const r = await request(`https://127.0.0.1:${port}/x`, { dispatcher: agent });
      await r.body.text();
    });
    await agent.close();
    await app.close();
    const gets = round(n / (ms / 1000), 0);
    ctx.limits.httpGetPerSec = gets;

    const dir = mkdtempSync(join(tmpdir(), 'kcpx-bench-sqlite-'));
    const db = new Database(join(dir, 'b.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, v BLOB); CREATE INDEX t_k ON t (k)');
    const ins = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const value = Buffer.alloc(1024, 7);
    const count = ctx.quick ? 10_000 : 50_000;
    const t0 = performance.now();
    for (let i = 0; i < count; i++) ins.run(`/registry/configmaps/default/k${i}`, value);
    const inserts = round(count / ((performance.now() - t0) / 1000), 0);
    db.close();
    rmSync(dir, { recursive: true, force: true });
    ctx.limits.sqliteInsertsPerSec = inserts;
    const figs: Figure[] = [
      { name: 'limit.fastify_https_get', value: gets, unit: 'req/s', note: '32 concurrent, undici keep-alive' },
      { name: 'limit.sqlite_autocommit_insert', value: inserts, unit: 'inserts/s', note: '1 KiB values, WAL, synchronous=NORMAL' },
    ];
    return figs;
  },
};
