"""Screenshots of every page at 1366x768 and 390x844 into docs/screenshots/ (`make screenshots`).

Builds a demo database in a temporary directory with `veiligheid demo` (the arguments after
the options below go to it, e.g. --cbs-dir), serves the app on a free loopback port, logs in
as the admin (who may open every page) and saves <page>-1366.png and <page>-390.png: the
whole page, not only the first screen. Needs Chromium and chromedriver (scripts/ensure-browser).

    python scripts/screenshots.py [--out MAP] [--alleen algemeen,databronnen] [demo-argumenten]
    python scripts/screenshots.py --server http://127.0.0.1:8050   # a running demo instead
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZES = ((1366, 768, False), (390, 844, True))  # width, height, a phone (touch, mobile viewport)
MAX_HEIGHT = 5000  # px: a longer page is cut off there, so the files stay small
# Every callback of the page has answered (Dash's own test helper asks the same of its store).
SETTLED = """
const store = window.store;
if (!store) return false;
const page = document.getElementById(arguments[0]);
if (!page || !page.children.length) return false;
const callbacks = Object.assign({}, store.getState().callbacks);
delete callbacks.stored;
delete callbacks.completed;
return Object.values(callbacks).every((list) => list.length === 0)
    && !document.querySelector('[data-dash-is-loading="true"]');
"""


def page_name(path: str) -> str:
    """The file name stem of a page: / -> algemeen, /thema/hennep-drugs -> thema-hennep-drugs."""
    return path.strip("/").replace("/", "-") or "algemeen"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_database(directory: Path, demo_args: list[str], open_data: str | None) -> None:
    from dashboard import cli

    os.environ["VEILIGHEID_DATABASE_URL"] = f"sqlite:///{directory / 'screenshots.db'}"
    os.environ["VEILIGHEID_INSTANCE_DIR"] = str(directory)
    os.environ["VEILIGHEID_MODE"] = "demo"
    if cli.main(["demo", *demo_args]) != 0:
        raise SystemExit("De demodatabase kon niet worden gebouwd.")
    if open_data and cli.main(["ingest", "politie-open-data", open_data]) != 0:
        raise SystemExit(f"De open data in {open_data} kon niet worden geladen.")


def serve(port: int):
    import logging

    from werkzeug.serving import make_server

    from dashboard import create_app
    from dashboard.config import load_config

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    app = create_app(load_config(mode="demo"))
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    chromium = shutil.which("chromium") or shutil.which("google-chrome")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        raise SystemExit("Chromium en chromedriver zijn nodig: zie scripts/ensure-browser.")
    options.binary_location = chromium
    return webdriver.Chrome(options=options, service=Service(driver_path))


def log_in(driver, base: str, username: str, password: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 15).until(lambda d: "/login" not in d.current_url)


def set_size(driver, width: int, height: int, mobile: bool) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": mobile})


def open_page(driver, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    from dashboard.layouts.components.frame import PAGE

    driver.get(url)
    WebDriverWait(driver, 60, poll_frequency=0.2).until(lambda d: d.execute_script(SETTLED, PAGE))
    # Plotly and Leaflet draw just after their callbacks have answered.
    time.sleep(0.8)


def save_screenshot(driver, target: Path, width: int, height: int) -> None:
    import base64

    # A grid below the fold draws its rows once it has been in view (AG Grid renders what is
    # visible); a capture beyond the viewport would show it empty.
    driver.execute_script(
        "document.querySelectorAll('.ag-root-wrapper').forEach((g) => g.scrollIntoView());"
        "window.scrollTo(0, 0);"
    )
    time.sleep(0.8)
    full = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT), "scale": 1},
        },
    )
    target.write_bytes(base64.b64decode(shot["data"]))
    shrink(target)


def shrink(target: Path) -> None:
    """256 colours are plenty for a dashboard and make the file about four times smaller."""
    try:
        from PIL import Image
    except ImportError:  # Pillow is optional: the screenshot is kept as Chromium saved it
        return
    with Image.open(target) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(target, optimize=True)


def shoot(base: str, admin_password: str, paths: list[str], out: Path) -> None:
    driver = browser()
    try:
        log_in(driver, base, "admin", admin_password)
        for width, height, mobile in SIZES:
            set_size(driver, width, height, mobile)
            for path in paths:
                open_page(driver, base + path)
                target = out / f"{page_name(path)}-{width}.png"
                save_screenshot(driver, target, width, height)
                print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
    finally:
        driver.quit()


def main(argv: list[str] | None = None) -> int:
    from dashboard.data.demo.generator import DEMO_USERS
    from dashboard.pages import PAGES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--alleen", help="alleen deze pagina's, bijv. algemeen,databronnen")
    parser.add_argument(
        "--server", help="een draaiende app (bijv. van make demo) in plaats van een nieuwe demo"
    )
    parser.add_argument(
        "--open-data", metavar="BESTAND", help="laad ook deze politie-open-data-tabel (CSV)"
    )
    args, demo_args = parser.parse_known_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.alleen.split(",")) if args.alleen else None
    paths = [p.path for p in PAGES if wanted is None or page_name(p.path) in wanted]
    admin_password = next(pw for name, _, _, pw in DEMO_USERS if name == "admin")
    if args.server:
        shoot(args.server.rstrip("/"), admin_password, paths, out)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        build_database(Path(scratch), demo_args, args.open_data)
        port = free_port()
        server = serve(port)
        try:
            shoot(f"http://127.0.0.1:{port}", admin_password, paths, out)
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
