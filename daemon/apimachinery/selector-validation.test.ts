import { describe, expect, it } from 'vitest';
import { labelSelectorErrors } from './selector-validation.js';

describe('labelSelectorErrors', () => {
  it('accepts valid selectors, the empty one included', () => {
    expect(labelSelectorErrors({}, 's')).toEqual([]);
    expect(
      labelSelectorErrors(
        {
          matchLabels: { 'example.dev/x': 'true' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['a'] },
            { key: 'k', operator: 'Exists' },
          ],
        },
        's',
      ),
    ).toEqual([]);
  });

  it('reports operators, values and keys as kube does', () => {
    const errs = labelSelectorErrors(
      {
        matchLabels: { 'bad key!': 'ok', good: 'bad value!' },
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'Exists', values: ['x'] },
          { key: 'c', operator: 'Bogus' },
        ],
      },
      'aggregationRule.clusterRoleSelectors[0]',
    );
    expect(errs.map((e) => [e.type, e.field])).toEqual([
      ['FieldValueInvalid', 'aggregationRule.clusterRoleSelectors[0].matchLabels'],
      ['FieldValueInvalid', 'aggregationRule.clusterRoleSelectors[0].matchLabels'],
      ['FieldValueRequired', 'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values'],
      ['FieldValueForbidden', 'aggregationRule.clusterRoleSelectors[0].matchExpressions[1].values'],
      ['FieldValueInvalid', 'aggregationRule.clusterRoleSelectors[0].matchExpressions[2].operator'],
    ]);
    expect(errs[4]).toMatchObject({ value: 'Bogus', detail: 'not a valid selector operator' });
  });
});
