// Errors that carry an expected outcome (a 404, a conflict, a stale revision) rather than a fault. They are thrown
// on hot paths (existence checks, optimistic-concurrency retries, every 4xx answer), and capturing a stack trace
// cost more than the rest of such a request; nobody reads one for an answer that is not a bug.
export class OutcomeError extends Error {
  constructor(message?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}
