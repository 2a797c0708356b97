import { describe, expect, it } from 'vitest';
import { parseClaim, parseExportReference } from './bind.js';

describe('kubectl kcp bind apiexport arguments', () => {
  it('splits <path>:<export> at the last colon', () => {
    expect(parseExportReference('root:providers:cowboys')).toEqual({ path: 'root:providers', name: 'cowboys' });
    expect(parseExportReference('abc123:cowboys')).toEqual({ path: 'abc123', name: 'cowboys' });
  });

  it("refuses a reference without a workspace in kcp's words", () => {
    for (const bad of ['cowboys', ':cowboys', 'root:', 'Root:x']) {
      expect(() => parseExportReference(bad)).toThrow(
        'fully qualified reference to workspace where APIExport exists is required. The format is `<logical-cluster-name>:<apiexport>` or `<full>:<path>:<to>:<apiexport>`',
      );
    }
  });

  it('reads claims as resource.group, core being the core group', () => {
    expect(parseClaim('configmaps.core', 'Accepted')).toEqual({
      group: '',
      resource: 'configmaps',
      verbs: ['*'],
      selector: { matchAll: true },
      state: 'Accepted',
    });
    expect(parseClaim('widgets.example.dev', 'Rejected')).toMatchObject({ group: 'example.dev', resource: 'widgets', state: 'Rejected' });
    expect(() => parseClaim('configmaps', 'Accepted')).toThrow('invalid permission claim "configmaps"');
  });
});
