import { describe, expect, it } from 'vitest';
import { renderTree } from './tree.js';

describe('ws tree rendering', () => {
  it("draws treeprint's layout", () => {
    const out = renderTree({
      label: 'root',
      children: [
        { label: 'a', children: [{ label: 'b', children: [] }] },
        { label: 'mnt [m]', children: [] },
        { label: 'c', children: [] },
      ],
    });
    expect(out).toBe('.\n└── root\n    ├── a\n    │   └── b\n    ├── mnt [m]\n    └── c\n');
  });
});
