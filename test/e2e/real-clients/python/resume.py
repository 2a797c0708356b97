"""Resuming a watch as informers do: from the last resourceVersion seen, a second watch gets only what came after;
bookmarks when asked for; and a resourceVersion older than the server keeps is 410 Expired, after which a relist and a
watch from the list's resourceVersion carry on."""
import sys

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

from common import api_client, report

ns = sys.argv[1]
v1 = client.CoreV1Api(api_client())
v1.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
start = v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="r0")))
for i in (1, 2):
    v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=f"r{i}")))

w = watch.Watch()
first = []
for ev in w.stream(v1.list_namespaced_config_map, ns, resource_version=start.metadata.resource_version, timeout_seconds=5):
    first.append([ev["type"], ev["object"].metadata.name])
    if len(first) == 2:
        w.stop()
resumed_from = w.resource_version

v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="r3")))
w2 = watch.Watch()
second = []
bookmarks = 0
for ev in w2.stream(
    v1.list_namespaced_config_map, ns, resource_version=resumed_from, allow_watch_bookmarks=True, timeout_seconds=2
):
    if ev["type"] == "BOOKMARK":
        bookmarks += 1
    else:
        second.append([ev["type"], ev["object"].metadata.name])

# Enough writes elsewhere that the server compacts its log past `start`.
for i in range(int(sys.argv[2])):
    v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=f"filler-{i}")))
expired = None
try:
    for _ in watch.Watch().stream(v1.list_namespaced_config_map, ns, resource_version=start.metadata.resource_version, timeout_seconds=2):
        pass
except ApiException as err:
    expired = [err.status, err.reason]

relisted = v1.list_namespaced_config_map(ns, label_selector="!missing")
v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="after-relist")))
w3 = watch.Watch()
after = []
for ev in w3.stream(v1.list_namespaced_config_map, ns, resource_version=relisted.metadata.resource_version, timeout_seconds=5):
    after.append([ev["type"], ev["object"].metadata.name])
    w3.stop()

report({"first": first, "second": second, "bookmarks": bookmarks, "expired": expired, "relisted": len(relisted.items), "after": after})
