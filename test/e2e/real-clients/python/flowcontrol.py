"""The flowcontrol objects every workspace has, as kube-apiserver bootstraps them: listed through the dynamic client
(this client predates flowcontrol v1's typed API), and the mandatory `catch-all` FlowSchema coming back after a
delete, seen by a watch."""
import os
import tempfile
import threading

from kubernetes import dynamic, watch

from common import api_client, report

dyn = dynamic.DynamicClient(api_client(), cache_file=os.path.join(tempfile.mkdtemp(), "discovery.json"))
schemas = dyn.resources.get(api_version="flowcontrol.apiserver.k8s.io/v1", kind="FlowSchema")
levels = dyn.resources.get(api_version="flowcontrol.apiserver.k8s.io/v1", kind="PriorityLevelConfiguration")

listed = schemas.get()
flow_schemas = sorted(
    [o.metadata.name, o.spec.priorityLevelConfiguration.name, o.spec.matchingPrecedence, o.metadata.annotations["apf.kubernetes.io/autoupdate-spec"]]
    for o in listed.items
)
priority_levels = sorted([o.metadata.name, o.spec.type] for o in levels.get().items)
catch_all = schemas.get(name="catch-all")
condition = catch_all.status.conditions[0]

events = []
w = watch.Watch()


def follow():
    for ev in schemas.watch(resource_version=listed.metadata.resourceVersion, timeout=20, watcher=w):
        if ev["object"].metadata.name != "catch-all":
            continue
        events.append([ev["type"], ev["object"].metadata.uid != catch_all.metadata.uid])
        if ev["type"] == "ADDED":
            w.stop()


watcher = threading.Thread(target=follow)
watcher.start()
schemas.delete(name="catch-all")
watcher.join(25)

report(
    {
        "flowSchemas": flow_schemas,
        "priorityLevels": priority_levels,
        "condition": [condition.type, condition.status, condition.reason],
        "events": events,
        "back": schemas.get(name="catch-all").spec.matchingPrecedence,
    }
)
