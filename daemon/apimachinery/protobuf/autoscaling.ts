// autoscaling/v1 (k8s.io/api/autoscaling/v1/generated.proto): Scale, the body of a `scale` subresource update
// (kube's scale client sends it as protobuf; custom resources' scale subresource takes it too).
import { message } from './descriptor.js';
import { ObjectMeta } from './meta.js';

export const Scale = message('Scale', {
  1: ['metadata', ObjectMeta],
  2: ['spec', message('ScaleSpec', { 1: ['replicas', 'int32'] })],
  3: [
    'status',
    message('ScaleStatus', {
      1: ['replicas', 'int32', 'always'],
      2: ['selector', 'string'],
    }),
  ],
});
