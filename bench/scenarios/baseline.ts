// The physical limits on this machine, measured in the same run: a bare node:https server answering a ConfigMap
// the size of the API's (the floor under kcpx's own server), driven by the same external load generator as the API
// GET figures (wrk if installed, else autocannon; 32 keep-alive connections); and a bare better-sqlite3 autocommit
// insert loop (WAL, synchronous=NORMAL).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCA, issueServingCert } from '../../daemon/auth/pki.js';
import { generatorNote, runThroughput } from '../lib/generator.js';
import { round, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

export const baseline: Scenario = {
  name: 'baseline',
  description: 'physical limits: bare node:https GET/s and better-sqlite3 inserts/s',
  async run(ctx) {
    const ca = await createCA();
    const serving = await issueServingCert(ca, { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    const payload = JSON.stringify({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: {
        name: 'c1',
        namespace: 'default',
        uid: '0f0084d2-c21b-403e-ae11-68b5b4694f7e',
        resourceVersion: '1234',
        creationTimestamp: '2026-11-24T06:15:51Z',
        annotations: { 'kcp.io/cluster': 'vnseogjmt1lykpu4' },
        managedFields: [
          {
            manager: 'kubectl-create',
            operation: 'Update',
            apiVersion: 'v1',
            time: '2026-11-24T06:15:51Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { '.': {}, 'f:v': {} } },
          },
        ],
      },
      data: { v: '1' },
    });
    const server = createServer({ key: serving.key, cert: serving.cert }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
      res.end(payload);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const sec = ctx.quick ? 2 : 5;
    const r = await runThroughput({
      url: `https://127.0.0.1:${port}`,
      token: 'none',
      method: 'GET',
      items: [{ path: '/x' }],
      connections: 32,
      durationSec: sec,
      expect: 200,
    });
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    const gets = round(r.perSec, 0);
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
      { name: 'limit.node_https_get', value: gets, unit: 'req/s', note: generatorNote(r) },
      { name: 'limit.sqlite_autocommit_insert', value: inserts, unit: 'inserts/s', note: '1 KiB values, WAL, synchronous=NORMAL' },
    ];
    return figs;
  },
};
