"""The app under gunicorn with several workers, for tests that need real processes: start it on
a free port, find out which worker answered each request (from the access log), stop it.

Each request carries an `X-Probe` header; the access log writes the worker's pid beside it, so
the application needs no endpoint that exposes its pid."""

from __future__ import annotations

import itertools
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from benchmarks import load_server

PROBE = "X-Probe"
# pid (gunicorn writes "<1234>"), probe header, method, path, status
ACCESS_FORMAT = "%(p)s %({x-probe}i)s %(m)s %(U)s %(s)s"
ACCESS_LINE = re.compile(r"^<(\d+)> (\S+) (\S+) (\S+) (\d+)$")
REQUEST_TIMEOUT_S = 15


@dataclass
class Gunicorn:
    server: load_server.Server
    _probes: itertools.count = field(default_factory=itertools.count)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def error_log(self) -> Path:
        return self.server.error_log

    @property
    def access_log(self) -> Path:
        return self.server.directory / "access.log"

    def logs(self) -> str:
        """Everything the server wrote, for a failure message."""
        output = self.server.directory / "output.log"
        extra = output.read_text(errors="replace")[-4000:] if output.exists() else ""
        return f"--- gunicorn.log\n{self.server.logs(4000)}\n--- output.log\n{extra}"

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
        self.server.stop()


def start(directory: Path, environ: dict[str, str], workers: int = 2) -> Gunicorn:
    """The production launcher plus an access log that names the worker of each probe."""
    access = ["--access-logfile", str(directory / "access.log")]
    server = load_server.start(
        directory,
        environ,
        workers,
        extra_args=(*access, "--access-logformat", ACCESS_FORMAT),
        graceful_s=5,
    )
    return Gunicorn(server)


def unique_token() -> str:
    return uuid.uuid4().hex
