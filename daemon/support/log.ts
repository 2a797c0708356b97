// The daemon's log: lines on stderr, which is the root directory's kcpx.log under `kcpx start --detach` and a pipe to
// the CLI in the foreground. A log line must never cost the daemon: a full disk (ENOSPC) or a reader that went away
// (EPIPE) loses the line, nothing more.
//
// A file is written directly and synchronously, so that logging resumes by itself once the disk has space again
// (process.stderr, a stream, destroys itself on its first failed write and writes nothing after). A pipe or terminal
// goes through process.stderr, whose failures main.ts absorbs.
import { fstatSync, writeSync } from 'node:fs';

let stderrIsFile: boolean | undefined;

export function writeLog(text: string): void {
  stderrIsFile ??= isFile(2);
  if (!stderrIsFile) {
    process.stderr.write(text);
    return;
  }
  try {
    writeSync(2, text);
  } catch {
    // The disk is full (or the file gone): this line is lost, the next one is tried again.
  }
}

function isFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * Failed writes to stdout or stderr (EPIPE from a reader that went away, ENOSPC from a full disk) arrive as 'error'
 * events, which would end the process unhandled. The daemon's own entry point installs this; embedders keep theirs.
 */
export function survivePipeAndDiskErrors(): void {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
}
