"""The default demo region: the 14 Twente gemeenten from the real public data shipped in the
package (twente/, see its README for sources and licences; rebuilt by twente_extract.py)."""

from __future__ import annotations

from pathlib import Path

EXTRACT_DIR = Path(__file__).with_name("twente")
REGIO_CODE = "VR05"  # Veiligheidsregio Twente
REGIO_NAAM = "Twente"
