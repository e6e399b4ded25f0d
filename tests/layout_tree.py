"""Finding a component in a built Dash layout (a page builder's output) by its id."""

from __future__ import annotations


def find_component(node, component_id):
    """The first component with this id, depth first; None when there is none. Children may
    be one component, a list or a tuple. A component without children is falsy (its len is 0),
    so results are compared with None, never taken for their truth."""
    if getattr(node, "id", None) == component_id:
        return node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found = find_component(child, component_id)
            if found is not None:
                return found
    return None


def walk(node):
    """Every component of a layout, depth first: the node, then its children's subtrees."""
    if not hasattr(node, "to_plotly_json"):
        return
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        yield from walk(child)
