// Worker-thread entry: issues (or loads) the daemon's CA and serving certificate and posts their PEMs back.
// Importing @peculiar/x509 and signing costs ~200 ms of CPU; on a worker it overlaps with the main thread loading
// the server, which is most of a cold start.
import { parentPort, workerData } from 'node:worker_threads';
import { createPKI, loadOrCreatePKI, type KeyPairPem } from './pki.js';

export interface PKIRequest {
  /** Where persistent PKI lives; undefined for an ephemeral daemon (fresh certificates, nothing written). */
  dir?: string;
}

export interface PKIReply {
  ca?: KeyPairPem;
  serving?: KeyPairPem;
  error?: string;
}

async function prepare(req: PKIRequest): Promise<PKIReply> {
  const { ca, serving } = req.dir ? await loadOrCreatePKI(req.dir) : await createPKI();
  // Only the PEMs cross the thread; the WebCrypto keys are re-imported from them (caFromPem).
  return { ca: { cert: ca.cert, key: ca.key }, serving };
}

prepare(workerData as PKIRequest).then(
  (reply) => parentPort!.postMessage(reply),
  (err: unknown) => parentPort!.postMessage({ error: (err as Error)?.message ?? String(err) } satisfies PKIReply),
);
