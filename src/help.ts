// `kcpx --help`: oclif's root help, followed by the exit statuses (from the error catalogue, so they cannot drift).
import { Help } from '@oclif/core';
import { EXIT_STATUS, EXIT_STATUS_MEANING, type ErrorClass } from './errors/catalogue.js';

export default class KcpxHelp extends Help {
  override formatRoot(): string {
    const statuses = (Object.keys(EXIT_STATUS) as ErrorClass[]).map((c): [string, string] => [
      String(EXIT_STATUS[c]),
      EXIT_STATUS_MEANING[c],
    ]);
    return `${super.formatRoot()}\n\n${this.section('EXIT STATUS', [['0', 'success'], ...statuses])}`;
  }
}
