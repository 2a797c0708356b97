// Errors the CLI reports as one clear line (no stack trace unless --debug), with an exit code.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
