import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { crdToAPIResourceSchema, snapshot } from './snapshot.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.dev}
spec:
  group: example.dev
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns: [{name: Size, type: string, jsonPath: .spec.size}]
    schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object}}}}
`;

describe('kubectl kcp crd snapshot', () => {
  it("makes kcp's APIResourceSchema: <prefix>.<crd name>, the raw schema per version", () => {
    const text = snapshot(CRD, 'v250101', 'yaml');
    // sigs.k8s.io/yaml's layout: sequences at their key's indentation, and Println's blank line before `---`.
    expect(text).toContain('  versions:\n  - additionalPrinterColumns:\n');
    expect(text.endsWith('\n\n---\n')).toBe(true);
    const [doc, sep] = text.split('\n---\n');
    expect(sep).toBe('');
    expect(YAML.parse(doc!)).toEqual({
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: { creationTimestamp: null, name: 'v250101.widgets.example.dev' },
      spec: {
        group: 'example.dev',
        names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
        scope: 'Namespaced',
        versions: [
          {
            additionalPrinterColumns: [{ jsonPath: '.spec.size', name: 'Size', type: 'string' }],
            name: 'v1',
            schema: { properties: { spec: { type: 'object' } }, type: 'object' },
            served: true,
            storage: true,
            subresources: { status: {} },
          },
        ],
      },
    });
  });

  it("refuses what kcp refuses, in kcp's words", () => {
    const crd = YAML.parse(CRD) as Record<string, unknown>;
    expect(() => crdToAPIResourceSchema(crd, 'Bad_')).toThrow('metadata.name: Invalid value: "Bad_.widgets.example.dev"');
    const two = YAML.parse(CRD.replace('  - name: v1\n', '  - name: v2\n    served: true\n    storage: false\n  - name: v1\n')) as Record<
      string,
      unknown
    >;
    expect(() => crdToAPIResourceSchema(two, 'p')).toThrow(
      'multiple versions specified for widgets.example.dev but no conversion strategy',
    );
  });
});
