"""CoreV1Api: create, list with selectors and pages, and a watch (which the client asks for as `watch=True`) that
sees ADDED, MODIFIED and DELETED while another thread writes."""
import sys
import threading

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

from common import api_client, report, status_of

ns = sys.argv[1]
v1 = client.CoreV1Api(api_client())
v1.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
for name, tier in (("a", "web"), ("b", "db"), ("c", "web")):
    v1.create_namespaced_config_map(
        ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels={"tier": tier}), data={"k": name})
    )

listed = v1.list_namespaced_config_map(ns, label_selector="tier=web")
first = v1.list_namespaced_config_map(ns, limit=2)
rest = v1.list_namespaced_config_map(ns, limit=2, _continue=first.metadata._continue)
try:
    v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="a")))
    conflict = None
except ApiException as err:
    conflict = status_of(err)

events = []
w = watch.Watch()


def follow():
    for ev in w.stream(v1.list_namespaced_config_map, ns, resource_version=listed.metadata.resource_version, timeout_seconds=20):
        events.append([ev["type"], ev["object"].metadata.name, (ev["object"].data or {}).get("k")])
        if ev["type"] == "DELETED" and ev["object"].metadata.name == "d":
            w.stop()


watcher = threading.Thread(target=follow)
watcher.start()
v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="d"), data={"k": "d"}))
v1.patch_namespaced_config_map("d", ns, {"data": {"k": "d2"}})
v1.delete_namespaced_config_map("d", ns)
watcher.join(30)

report(
    {
        "web": sorted(i.metadata.name for i in listed.items),
        "pages": [[i.metadata.name for i in first.items], [i.metadata.name for i in rest.items], rest.metadata._continue],
        "conflict": conflict,
        "events": events,
    }
)
