"""Calling a Dash callback the way the browser does, to test what the server answers."""

from __future__ import annotations


def post_callback(client, output_id: str, inputs: list[dict], state: list[dict] | None = None):
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if output_id in d["output"])
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]
    body = {
        "output": dep["output"],
        "outputs": outputs if multi_output(dep) else outputs[0],
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": state or [],
    }
    return client.post("/_dash-update-component", json=body)


def multi_output(dep: dict) -> bool:
    """Whether the renderer sends the outputs as a list: Dash marks a callback registered with
    several outputs, or with a dict of them (also of one), by wrapping its output in dots."""
    return dep["output"].startswith("..")


def value(component_id: str, prop: str, val) -> dict:
    return {"id": component_id, "property": prop, "value": val}


def post_dependency(client, dep: dict, values: dict):
    """Post one callback of `/_dash-dependencies` as the browser does; every input and state
    takes its value from `values[(id, property)]` (None when absent)."""
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]

    def fill(items):
        return [
            {
                "id": i["id"],
                "property": i["property"],
                "value": values.get((i["id"], i["property"])),
            }
            for i in items
        ]

    inputs = fill(dep["inputs"])
    body = {
        "output": dep["output"],
        "outputs": outputs if multi_output(dep) else outputs[0],
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": fill(dep["state"]),
    }
    return client.post("/_dash-update-component", json=body)
