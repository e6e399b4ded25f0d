"""The app under gunicorn with several workers, for tests that need real processes: start it on
a free port, find out which worker answered each request (from the access log), stop it.

Each request carries an `X-Probe` header; the access log writes the worker's pid beside it, so
the application needs no endpoint that exposes its pid."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.conftest import REPO

PROBE = "X-Probe"
# pid (gunicorn writes "<1234>"), probe header, method, path, status
ACCESS_FORMAT = "%(p)s %({x-probe}i)s %(m)s %(U)s %(s)s"
ACCESS_LINE = re.compile(r"^<(\d+)> (\S+) (\S+) (\S+) (\d+)$")
START_TIMEOUT_S = 25
REQUEST_TIMEOUT_S = 15


@dataclass
class Gunicorn:
    process: subprocess.Popen
    directory: Path
    base_url: str = ""
    _probes: itertools.count = field(default_factory=itertools.count)

    @property
    def error_log(self) -> Path:
        return self.directory / "error.log"

    @property
    def access_log(self) -> Path:
        return self.directory / "access.log"

    def logs(self) -> str:
        """Everything the server wrote, for a failure message."""
        parts = []
        for name in ("error.log", "output.log"):
            path = self.directory / name
            if path.exists():
                parts.append(f"--- {name}\n{path.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)

    def booted_workers(self) -> set[int]:
        text = self.error_log.read_text(errors="replace") if self.error_log.exists() else ""
        return {int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", text)}

    def served_by(self, probes: list[str], timeout_s: float = 5.0) -> dict[str, int]:
        """The worker pid that answered each probe (gunicorn logs a request after answering
        it, so wait briefly for the last lines)."""
        deadline = time.monotonic() + timeout_s
        while True:
            found = {}
            if self.access_log.exists():
                for line in self.access_log.read_text(errors="replace").splitlines():
                    match = ACCESS_LINE.match(line.strip())
                    if match:
                        found[match.group(2)] = int(match.group(1))
            result = {p: found[p] for p in probes if p in found}
            if len(result) == len(probes) or time.monotonic() > deadline:
                missing = sorted(set(probes) - set(result))
                assert not missing, f"not in the access log: {missing[:5]}\n{self.logs()}"
                return result
            time.sleep(0.05)

    def request(self, client: requests.Session, method: str, path: str, **kwargs):
        """One request with a fresh probe; returns (response, probe)."""
        probe = f"p{next(self._probes)}"
        headers = {PROBE: probe, **kwargs.pop("headers", {})}
        response = client.request(
            method,
            self.base_url + path,
            headers=headers,
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT_S,
            **kwargs,
        )
        return response, probe

    def spread(self, client, method: str, path: str, *, at_least: int = 8, most: int = 80, **kw):
        """Send the same request concurrently, in batches, until at least `at_least` were sent
        and two different workers answered (or `most` were sent). Returns [(response, pid)]."""
        results: list[tuple[requests.Response, int]] = []
        with ThreadPoolExecutor(max_workers=4) as pool:
            while len(results) < most:
                batch = list(pool.map(lambda _: self.request(client, method, path, **kw), range(8)))
                pids = self.served_by([probe for _, probe in batch])
                results.extend((response, pids[probe]) for response, probe in batch)
                if len(results) >= at_least and len({pid for _, pid in results}) >= 2:
                    break
        return results

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # graceful: the master stops its workers
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start(directory: Path, environ: dict[str, str], workers: int = 2) -> Gunicorn:
    """`gunicorn --workers N wsgi:server` on a free port (port 0: the kernel picks one, read
    back from the log, so there is no race for the port)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEILIGHEID_")}
    env.update(environ)
    output = (directory / "output.log").open("wb")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        "127.0.0.1:0",
        "--graceful-timeout",
        "5",
        "--error-logfile",
        str(directory / "error.log"),
        "--access-logfile",
        str(directory / "access.log"),
        "--access-logformat",
        ACCESS_FORMAT,
        "wsgi:server",
    ]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=output)
    output.close()
    server = Gunicorn(process, directory)
    try:
        server.base_url = _wait_until_healthy(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_healthy(server: Gunicorn) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    base_url = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(
                f"gunicorn exited with {server.process.returncode}\n{server.logs()}"
            )
        if not base_url and server.error_log.exists():
            match = re.search(r"Listening at: (http://[\d.]+:\d+)", server.error_log.read_text())
            base_url = match.group(1) if match else ""
        if base_url:
            try:
                if requests.get(base_url + "/health", timeout=2).status_code == 200:
                    return base_url
            except requests.RequestException:
                pass
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not answer /health in {START_TIMEOUT_S} s\n{server.logs()}")


def unique_token() -> str:
    return uuid.uuid4().hex
