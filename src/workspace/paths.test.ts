import { describe, expect, it } from 'vitest';
import { CliError } from '../errors/catalogue.js';
import { parseClusterURL, resolveTarget, serverFor } from './paths.js';

describe('workspace paths (kcp use_test.go cases)', () => {
  it('resolves relative, absolute and dotted paths', () => {
    expect(resolveTarget('root:foo', 'bar')).toBe('root:foo:bar');
    expect(resolveTarget('root:foo', ':root:foo:bar')).toBe('root:foo:bar');
    expect(resolveTarget('root:foo', ':system:admin')).toBe('system:admin');
    expect(resolveTarget('root:foo:bar', '..')).toBe('root:foo');
    expect(resolveTarget('root:foo:bar:baz', '../..')).toBe('root:foo');
    expect(resolveTarget('root:foo:bar:baz', '..:..')).toBe('root:foo');
    expect(resolveTarget('root:foo', 'bar:..:bar:baz:..:baz')).toBe('root:foo:bar:baz');
    expect(resolveTarget('root:foo', '.:bar:.:.:baz:.')).toBe('root:foo:bar:baz');
  });

  it('refuses going above root and invalid paths', () => {
    expect(() => resolveTarget('root', '..')).toThrow(CliError);
    expect(() => resolveTarget('root', ':..')).toThrow(/^cannot go up from root$/);
    expect(() => resolveTarget('root', 'ju:nk§')).toThrow(/invalid workspace path: ju:nk§/);
  });

  it('parses and builds server URLs, keeping any prefix', () => {
    expect(parseClusterURL('https://h:6443/clusters/root:a')).toEqual({ base: 'https://h:6443', path: 'root:a' });
    expect(parseClusterURL('https://h/prefix/clusters/root')).toEqual({ base: 'https://h/prefix', path: 'root' });
    expect(parseClusterURL('https://h:6443')).toBeUndefined();
    expect(serverFor('https://h/prefix/', 'root:b')).toBe('https://h/prefix/clusters/root:b');
  });
});

describe('resolveWorkspaceOverride (-w)', () => {
  it('resolves like kcp’s workspaceoverride.go', async () => {
    const { resolveWorkspaceOverride } = await import('./paths.js');
    expect(resolveWorkspaceOverride('root:foo', 'bar')).toBe('root:foo:bar');
    expect(resolveWorkspaceOverride('root:foo', ':root:parent:..')).toBe('root');
    expect(resolveWorkspaceOverride('root:foo', '.:bar:.')).toBe('root:foo:bar');
    expect(resolveWorkspaceOverride('root:foo', '..')).toBe('root');
    expect(() => resolveWorkspaceOverride('root', '..:..')).toThrow('cannot go above the root workspace');
    expect(() => resolveWorkspaceOverride('root:foo', ':root:..')).toThrow('invalid workspace path: :root:..');
    expect(() => resolveWorkspaceOverride('root', 'Bad_Name')).toThrow('invalid workspace path: Bad_Name');
  });
});
