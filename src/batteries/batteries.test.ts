import { describe, expect, it } from 'vitest';
import { CliError } from '../errors/catalogue.js';
import { ALL_BATTERIES, batteriesHelp, defaultBatteries, parseBatteries, parseMode } from './batteries.js';

const sorted = (s: Set<string>) => [...s].sort();

describe('parseBatteries', () => {
  it('defaults to every battery but apiservices in kcp mode, every battery in generic mode', () => {
    expect(sorted(parseBatteries(undefined))).toEqual([...ALL_BATTERIES].filter((b) => b !== 'apiservices').sort());
    expect(sorted(parseBatteries([], 'generic'))).toEqual([...ALL_BATTERIES].sort());
  });

  it('takes all, none and lists', () => {
    expect(sorted(parseBatteries(['all']))).toEqual([...ALL_BATTERIES].sort());
    expect(sorted(parseBatteries(['none'], 'generic'))).toEqual([]);
    expect(sorted(parseBatteries(['leases, crds']))).toEqual(['crds', 'leases']);
    expect(sorted(parseBatteries(['leases', 'crds']))).toEqual(['crds', 'leases']);
  });

  it('changes the mode’s defaults with +x/-x', () => {
    const kcp = parseBatteries(['-flowcontrol,+apiservices']);
    expect(kcp.has('flowcontrol')).toBe(false);
    expect(kcp.has('apiservices')).toBe(true);
    expect(kcp.has('crds')).toBe(true);
    expect(parseBatteries(['-apiservices'], 'generic').has('apiservices')).toBe(false);
  });

  it('refuses unknown names and mixed forms in one usage line', () => {
    const fail = (v: string) => {
      try {
        parseBatteries([v]);
      } catch (e) {
        return e as CliError;
      }
      throw new Error('accepted');
    };
    const unknown = fail('leases,nonsense');
    expect(unknown).toBeInstanceOf(CliError);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.message).toBe(
      'unknown battery "nonsense" (valid: leases, authentication, authorization, admission, flowcontrol, crds, certificates, apiservices; or all, none)',
    );
    expect(fail('+leases,crds').message).toContain('either name the batteries to serve or change the defaults with +x/-x, not both');
    expect(fail('-all').message).toContain('unknown battery "all"');
  });
});

describe('parseMode', () => {
  it('is kcp unless generic is asked for', () => {
    expect(parseMode(undefined)).toBe('kcp');
    expect(parseMode('generic')).toBe('generic');
    expect(() => parseMode('vanilla')).toThrow('unknown mode "vanilla" (valid: kcp, generic)');
  });
});

describe('batteriesHelp', () => {
  it('documents every battery and the defaults', () => {
    const help = batteriesHelp();
    for (const b of ALL_BATTERIES) expect(help).toMatch(new RegExp(`^  ${b} +\\S`, 'm'));
    expect(help).toContain(`--mode kcp: ${defaultBatteries('kcp').join(',')}`);
  });
});
