"""Load on an endpoint: wrk with a Lua script posting JSON bodies, or Python threads without wrk."""

from __future__ import annotations

import json
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .http_site import Site
from .measure import load, percentile

WRK_THREADS, WRK_CONNECTIONS = 2, 16


@dataclass(frozen=True)
class Load:
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    client: str
    load: float


_LUA = """local bodies = {%s}
local n, i = #bodies, 0
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %s"}
function init(args) i = math.random(n) end
function request()
  i = i %% n + 1
  return wrk.format("POST", nil, headers, bodies[i])
end
"""
_UNIT_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def _duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNIT_MS[unit]


def parse_wrk(output: str) -> tuple[int, float, float, float, int]:
    """requests, requests/s, p50 ms, p99 ms, non-2xx responses (plus socket errors)."""
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    total = re.search(r"(\d+) requests in", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not (p50 and p99 and total and rate):
        raise ValueError(f"unexpected wrk output:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    errors += sum(int(x) for x in sockets.groups()) if sockets else 0
    return (
        int(total.group(1)),
        float(rate.group(1)),
        _duration_ms(p50.group(1)),
        _duration_ms(p99.group(1)),
        errors,
    )


def wrk(site: Site, path: str, bodies: list[str], token: str, seconds: int) -> Load:
    script = site.folder / f"{path.strip('/').replace('/', '-')}.lua"
    script.write_text(_LUA % (",".join(f"[==[{b}]==]" for b in bodies), token))
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(script),
    ]
    output = subprocess.run([*command, site.base + path], capture_output=True, text=True, check=True).stdout
    requests, rate, p50, p99, errors = parse_wrk(output)
    return Load(requests, rate, p50, p99, errors, f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS}", load())


def python_client(site: Site, path: str, bodies: list[str], token: str, seconds: int) -> Load:
    """Fallback when wrk is missing: threads posting in a loop (slower client, higher latencies)."""
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> list[tuple[int, float]]:
        done, i = [], offset
        while time.monotonic() < deadline:
            done.append(site.post(path, json.loads(bodies[i % len(bodies)]), token))
            i += WRK_CONNECTIONS
        return done

    started = time.monotonic()
    with ThreadPoolExecutor(WRK_CONNECTIONS) as pool:
        results = [r for part in pool.map(worker, range(WRK_CONNECTIONS)) for r in part]
    wall = time.monotonic() - started
    latencies = sorted(t for _, t in results)
    errors = sum(1 for status, _ in results if status >= 300)
    return Load(
        len(results),
        len(results) / wall,
        percentile(latencies, 0.5) * 1e3,
        percentile(latencies, 0.99) * 1e3,
        errors,
        f"Python threads x{WRK_CONNECTIONS} (wrk not found)",
        load(),
    )
