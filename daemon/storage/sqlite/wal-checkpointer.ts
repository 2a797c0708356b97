// Checkpoints of a file-backed shard's write-ahead log, on a worker thread with a connection of its own.
//
// SQLite's automatic checkpoint runs inside the commit that crosses 1,000 log frames: it copies them into the
// database and syncs both files, on the thread that is serving requests, where it would be about half the cost of
// every write. Here the copying happens beside the writes. A
// checkpoint that runs while writes go on never catches the frames written meanwhile, so the log would never start
// over and would grow; once it is long, the serving thread copies the last few frames itself (between two writes,
// so the copy is complete) and the next write starts the log from the beginning.
//
// A checkpoint that fails (a full disk: the database file cannot grow) is tried again later; the writes it lags
// behind are safe in the log. Only a worker that dies hands checkpoints back to SQLite's automatic ones.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Writes between two checkpoint requests to the worker (1–4 log frames each: about SQLite's own 1,000 frames). */
const REQUEST_EVERY = 250;
/** Log length (frames) at which the serving thread completes a checkpoint so the log starts over (8 MiB of 4 KiB pages). */
const RESTART_FRAMES = 2048;
/** Writes without any report from the worker after which the serving thread checkpoints itself. */
const UNANSWERED_LIMIT = 20_000;

type Report = { log: number; checkpointed: number } | { error: string };

/** How long close() waits for the worker to close its connection (it is at most finishing one checkpoint). */
const CLOSE_WAIT_MS = 10_000;

/** The worker's code, run from its source text: it may use nothing from this module's scope. */
function checkpointWorker(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const data = workerData as { sqlite: string; path: string; closed: Int32Array };
  // Told however the worker ends, so that close() never waits for a worker that is gone.
  process.on('exit', () => {
    Atomics.store(data.closed, 0, 1);
    Atomics.notify(data.closed, 0);
  });
  const Sqlite = require(data.sqlite) as typeof Database;
  const db = new Sqlite(data.path);
  db.pragma('busy_timeout = 30000');
  parentPort!.on('message', (m: 'checkpoint' | 'close') => {
    if (m === 'close') {
      db.close();
      Atomics.store(data.closed, 0, 1);
      Atomics.notify(data.closed, 0);
      parentPort!.close();
      return;
    }
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      parentPort!.postMessage({ log: r!.log, checkpointed: r!.checkpointed });
    } catch (err) {
      parentPort!.postMessage({ error: String(err) });
    }
  });
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private writes = 0;
  private sinceReport = 0;
  private inFlight = false;
  /** Fallen back to SQLite's own checkpoints, or closed: the worker is no longer asked. */
  private off = false;
  /** Set to 1 by the worker once its connection is closed (or it ended). */
  private readonly closed = new Int32Array(new SharedArrayBuffer(4));
  /** The log is long: the serving thread completes a checkpoint after the next commit (never inside a transaction). */
  private restartDue = false;

  /** `db` is the serving connection, already in WAL mode; its automatic checkpoints are turned off here. */
  constructor(
    private readonly db: Database.Database,
    path: string,
  ) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(`(${checkpointWorker.toString()})()`, { eval: true, workerData: { sqlite, path, closed: this.closed } });
    // The worker must never keep a daemon (or a test) alive.
    this.worker.unref();
    this.worker.on('message', (r: Report) => this.onReport(r));
    this.worker.on('error', () => this.fallBack());
    db.pragma('wal_autocheckpoint = 0');
  }

  /** After every commit of `writes` writes, outside any transaction. */
  committed(writes: number): void {
    if (this.off) return;
    this.sinceReport += writes;
    if (this.restartDue || this.sinceReport > UNANSWERED_LIMIT) {
      this.restartDue = false;
      this.sinceReport = 0;
      this.checkpointHere();
    }
    this.writes += writes;
    if (this.writes < REQUEST_EVERY || this.inFlight) return;
    this.writes = 0;
    this.inFlight = true;
    this.worker.postMessage('checkpoint');
  }

  private onReport(r: Report): void {
    this.inFlight = false;
    this.sinceReport = 0;
    // A failed checkpoint (the disk is full) is asked for again after the next writes, and the serving thread tries
    // one too, in case the worker's connection was the problem.
    if ('error' in r || r.log >= RESTART_FRAMES) this.restartDue = true;
  }

  private checkpointHere(): void {
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Never fail the write that happened to trigger it; the next one tries again.
    }
  }

  /** The worker failed: SQLite's own automatic checkpoints take over again. */
  private fallBack(): void {
    if (this.off) return;
    this.off = true;
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
  }

  /**
   * Before the serving connection closes: waits (blocking, briefly: the worker finishes at most the checkpoint it is
   * doing) until the worker's connection is closed, so that the serving connection closes last, which checkpoints the
   * whole log and removes it. After the store's close() the database file is complete on its own.
   */
  close(): void {
    this.off = true;
    if (Atomics.load(this.closed, 0) === 1) return;
    this.worker.postMessage('close');
    Atomics.wait(this.closed, 0, 0, CLOSE_WAIT_MS);
  }
}
