"""The dynamic client: discovery that finds a CRD established after it started, create/get/list/patch/server-side
apply/delete of custom resources, and watches through the dynamic client and CustomObjectsApi."""
import os
import sys
import tempfile
import threading
import time

from kubernetes import client, dynamic, watch
from kubernetes.client.rest import ApiException

from common import api_client, report, status_of

ns = sys.argv[1]
api = api_client()
dyn = dynamic.DynamicClient(api, cache_file=os.path.join(tempfile.mkdtemp(), "discovery.json"))
namespaces = dyn.resources.get(api_version="v1", kind="Namespace")
namespaces.create(body={"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})

crds = dyn.resources.get(api_version="apiextensions.k8s.io/v1", kind="CustomResourceDefinition")
crds.create(
    body={
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "gadgets.example.dev"},
        "spec": {
            "group": "example.dev",
            "scope": "Namespaced",
            "names": {"plural": "gadgets", "singular": "gadget", "kind": "Gadget", "listKind": "GadgetList"},
            "versions": [
                {
                    "name": "v1",
                    "served": True,
                    "storage": True,
                    "schema": {
                        "openAPIV3Schema": {
                            "type": "object",
                            "properties": {
                                "spec": {
                                    "type": "object",
                                    "properties": {"size": {"type": "integer", "minimum": 1}, "color": {"type": "string"}},
                                }
                            },
                        }
                    },
                }
            ],
        },
    }
)
established = False
for _ in range(50):
    conditions = crds.get(name="gadgets.example.dev").status.conditions or []
    if any(c.type == "Established" and c.status == "True" for c in conditions):
        established = True
        break
    time.sleep(0.1)

gadgets = dyn.resources.get(api_version="example.dev/v1", kind="Gadget")
events = []
w = watch.Watch()
start_rv = gadgets.get(namespace=ns).metadata.resourceVersion


def follow():
    for ev in gadgets.watch(namespace=ns, resource_version=start_rv, timeout=20, watcher=w):
        events.append([ev["type"], ev["object"].metadata.name])
        if ev["type"] == "DELETED":
            w.stop()


watcher = threading.Thread(target=follow)
watcher.start()
gadgets.create(namespace=ns, body={"apiVersion": "example.dev/v1", "kind": "Gadget", "metadata": {"name": "g1"}, "spec": {"size": 1}})
patched = gadgets.patch(
    namespace=ns, name="g1", body={"spec": {"color": "red"}}, content_type="application/merge-patch+json"
).to_dict()["spec"]
applied = gadgets.server_side_apply(
    namespace=ns,
    name="g1",
    # This client version sends an apply body only as text: YAML here.
    body="apiVersion: example.dev/v1\nkind: Gadget\nmetadata:\n  name: g1\nspec:\n  size: 3\n",
    field_manager="py-dynamic",
    force_conflicts=True,
).to_dict()["spec"]
try:
    gadgets.create(namespace=ns, body={"apiVersion": "example.dev/v1", "kind": "Gadget", "metadata": {"name": "bad"}, "spec": {"size": 0}})
    invalid = None
except ApiException as err:
    invalid = status_of(err)
listed = [i.metadata.name for i in gadgets.get(namespace=ns).items]

custom = client.CustomObjectsApi(api)
custom_events = []
cw = watch.Watch()
for ev in cw.stream(custom.list_namespaced_custom_object, "example.dev", "v1", ns, "gadgets", resource_version=start_rv, timeout_seconds=3):
    custom_events.append([ev["type"], ev["object"]["metadata"]["name"]])
    if len(custom_events) == 3:
        cw.stop()

gadgets.delete(namespace=ns, name="g1")
watcher.join(30)

report(
    {
        "established": established,
        "patched": patched,
        "applied": applied,
        "invalid": invalid,
        "listed": listed,
        "events": events,
        "customEvents": custom_events,
    }
)
