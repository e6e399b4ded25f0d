"""The themes that thematic dashboards and partner datasets belong to: slug -> Dutch label."""

from __future__ import annotations

from types import MappingProxyType

# Ordered as the municipalities list them; read-only so that no caller can add a theme at runtime.
THEMES = MappingProxyType(
    {
        "hennep-drugs": "Hennep en drugs",
        "cybercrime": "Cybercrime",
        "woonoverlast": "Woonoverlast",
        "jeugd": "Jeugdoverlast en -criminaliteit",
        "huiselijk-geweld": "Huiselijk geweld",
    }
)
