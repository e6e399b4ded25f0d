"""The app as in production: `gunicorn --workers N wsgi:server` on loopback, a port the kernel
picks (read back from the log, so there is no race for the port), stopped gracefully afterwards.
The load test uses it as is; the multi-worker tests (tests/gunicorn_run.py) add an access log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60


@dataclass
class Server:
    process: subprocess.Popen
    directory: Path
    base_url: str = ""

    @property
    def error_log(self) -> Path:
        return self.directory / "gunicorn.log"

    def logs(self, tail: int = 3000) -> str:
        path = self.error_log
        return path.read_text(errors="replace")[-tail:] if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # graceful: the master stops its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start(
    directory: Path,
    environ: dict[str, str],
    workers: int,
    *,
    extra_args: tuple[str, ...] = (),
    graceful_s: int = 10,
    timeout_s: float = START_TIMEOUT_S,
) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEILIGHEID_")}
    env.update(environ)
    log = directory / "gunicorn.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        "127.0.0.1:0",
        "--graceful-timeout",
        str(graceful_s),
        "--error-logfile",
        str(log),
        *extra_args,
        "wsgi:server",
    ]
    with (directory / "output.log").open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=output)
    server = Server(process, directory)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn stopte met code {process.returncode}\n{server.logs()}"
                )
            found = re.search(r"Listening at: (http://[\d.]+:\d+)", server.logs(10**6))
            if found:
                server.base_url = found.group(1)
                booted = len(re.findall(r"Booting worker with pid", server.logs(10**6)))
                if booted >= workers and _healthy(server.base_url):
                    return server
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn antwoordde niet binnen {timeout_s} s\n{server.logs()}")
    except BaseException:
        server.stop()
        raise


def _healthy(base_url: str) -> bool:
    try:
        return requests.get(base_url + "/health", timeout=5).status_code == 200
    except requests.RequestException:
        return False
