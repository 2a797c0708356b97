"""What the scenarios share: a client of the daemon (KUBECONFIG, and KCPX_SERVER for a workspace URL), a result
printed as one JSON line for the test to check, and failures reported with the server's Status."""
import json
import os
import sys

from kubernetes import client, config


def api_client():
    cfg = client.Configuration()
    config.load_kube_config(config_file=os.environ["KUBECONFIG"], client_configuration=cfg)
    server = os.environ.get("KCPX_SERVER")
    if server:
        cfg.host = server
    return client.ApiClient(cfg)


def report(result):
    print(json.dumps(result, default=str))
    sys.stdout.flush()


def status_of(err):
    """The Status an ApiException carries, as the test compares it."""
    try:
        body = json.loads(err.body)
    except (TypeError, ValueError):
        body = {}
    return {"code": err.status, "reason": body.get("reason"), "message": body.get("message")}
