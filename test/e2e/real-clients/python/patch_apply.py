"""The patch types as the Python client sends them (the typed API: a dict is a strategic merge patch, a list a JSON
patch; the dynamic client names its content type: merge patch, server-side apply with field managers, conflicts and
`force=True`)."""
import json
import os
import sys
import tempfile

from kubernetes import client, dynamic
from kubernetes.client.rest import ApiException

from common import api_client, report, status_of

ns = sys.argv[1]
api = api_client()
v1 = client.CoreV1Api(api)
configmaps = dynamic.DynamicClient(api, cache_file=os.path.join(tempfile.mkdtemp(), "discovery.json")).resources.get(
    api_version="v1", kind="ConfigMap"
)
v1.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="p"), data={"a": "1"}))

strategic = v1.patch_namespaced_config_map("p", ns, {"data": {"b": "2"}, "metadata": {"labels": {"x": "y"}}}).data
json_patch = v1.patch_namespaced_config_map("p", ns, [{"op": "replace", "path": "/data/a", "value": "10"}]).data
merge = configmaps.patch(
    namespace=ns, name="p", body={"data": {"b": None}}, content_type="application/merge-patch+json"
).to_dict()["data"]
try:
    v1.patch_namespaced_config_map("p", ns, [{"op": "test", "path": "/data/a", "value": "nope"}])
    failed_test = None
except ApiException as err:
    failed_test = status_of(err)


def apply(manager, data, force=None):
    # This client version sends an apply body only as text (a dict is refused before anything is sent).
    body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s", "namespace": ns}, "data": data})
    return configmaps.server_side_apply(
        body=body, name="s", namespace=ns, field_manager=manager, force_conflicts=force
    ).to_dict()


created = apply("py-one", {"owned": "one"})
try:
    apply("py-two", {"owned": "two"})
    conflict = None
except ApiException as err:
    conflict = status_of(err)
forced = apply("py-two", {"owned": "two"}, force=True)
dry = v1.patch_namespaced_config_map("s", ns, {"data": {"owned": "dry"}}, dry_run="All").data
managers = sorted((m.manager, m.operation) for m in v1.read_namespaced_config_map("s", ns).metadata.managed_fields)

report(
    {
        "strategic": strategic,
        "json": json_patch,
        "merge": merge,
        "failedTest": failed_test,
        "created": created["data"],
        "conflict": conflict,
        "forced": forced["data"],
        "dryRun": dry,
        "stored": v1.read_namespaced_config_map("s", ns).data,
        "managers": managers,
    }
)
