// The media type of Kubernetes protobuf bodies, apart from the decoder: request routing names it at start, while the
// decoder loads on first use (endpoints/body-parsers.ts), so it sits outside protobuf/.
export const KUBERNETES_PROTOBUF = 'application/vnd.kubernetes.protobuf';
