"""Fuzzing the real server: schemathesis over ``/openapi.json`` and a hand-written battery of bad
requests. Nothing may answer 5xx (except 503/504, the documented overload and time limits) or
show an exception class or a trace in its body."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.server, pytest.mark.slow]

TRACE_MARKERS = ("Traceback", 'File "/', "Error:", "Exception", "exc_info")


def _clean(r: httpx.Response) -> None:
    assert r.status_code < 500 or r.status_code in (503, 504), (r.request.url, r.status_code)
    text = r.text
    for marker in ("Traceback", 'File "/', "KeyError", "ValueError", "TypeError", "AttributeError"):
        assert marker not in text, (r.request.url, marker, text[:300])


def test_schemathesis_finds_no_server_error(server: str, tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "schemathesis"
    proc = subprocess.run(
        [str(exe), "run", server + "/openapi.json", "--checks",
         "not_a_server_error,status_code_conformance,content_type_conformance,"
         "response_schema_conformance", "--suppress-health-check", "all",
         "--max-examples", "25", "--seed", "1", "--request-timeout", "60",
         "--phases", "examples,coverage,fuzzing"],
        capture_output=True, text=True, cwd=tmp_path, timeout=900,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


BAD_REQUESTS: list[tuple[str, str, dict]] = [
    ("GET", "/sparql", {"params": {"query": "SELECT * WHERE {"}}),
    ("GET", "/sparql", {"params": {"query": "\x00\x01\x02"}}),
    ("GET", "/sparql?query=SELECT%20*%20%7B%20%3Fs%20%3Fp%20%27%ED%A0%80%27%20%7D", {}),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "format": "../../etc/passwd"}}),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "timeout": "nan"}}),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "timeout": "-1"}}),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "timeout": "1e999"}}),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "named-graph-uri": "<>"}}),
    ("POST", "/sparql", {"data": {"query": "SELECT * {}" + " " * 400_000}}),
    ("GET", "/sparql", {"params": {"query": "LOAD <http://example.org/>"}}),
    ("GET", "/sparql", {"params": {"query": "CLEAR ALL"}}),
    ("GET", "/sparql", {"params": {"update": "DROP ALL"}}),
    (
        "POST",
        "/sparql",
        {"content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}},
    ),
    ("POST", "/sparql", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}),
    (
        "POST",
        "/sparql",
        {
            "content": b"query=ASK%20%7B%7D",
            "headers": {"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"},
        },
    ),
    (
        "POST",
        "/sparql",
        {"content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
    ),
    ("PUT", "/sparql", {"content": b"x"}),
    ("DELETE", "/sparql", {}),
    ("PATCH", "/id/network/optonet", {}),
    ("POST", "/id/network/optonet", {"content": b"<a> <b> <c> ."}),
    ("DELETE", "/api/clusters", {}),
    ("PUT", "/dump.trig", {"content": b"x"}),
    ("GET", "/id/" + "a" * 8000, {}),
    ("GET", "/id/../../etc/passwd", {}),
    ("GET", "/id/%2e%2e/%2e%2e/etc/passwd", {}),
    ("GET", "/id/network/optonet", {"params": {"format": "exe"}}),
    ("GET", "/id/network/optonet", {"headers": {"Accept": "image/png"}}),
    ("GET", "/id/%E2%80%AE%00", {}),
    ("GET", "/static/../pyproject.toml", {}),
    ("GET", "/static/%2e%2e/%2e%2e/pyproject.toml", {}),
    ("GET", "/viz/assets/..%2f..%2fpyproject.toml", {}),
    ("GET", "/viz/actor/nonexistent", {}),
    ("GET", "/viz/actor/optonet", {"params": {"depth": "99"}}),
    ("GET", "/viz/cluster/" + "x" * 5000, {}),
    ("GET", "/api/actors/optonet/recommendations", {"params": {"k": "-1"}}),
    ("GET", "/api/actors/optonet/recommendations", {"params": {"k": "10000000000000000000000"}}),
    ("GET", "/api/actors/%00/metrics", {}),
    ("GET", "/api/bridges", {"params": {"between": ["a"]}}),
    ("GET", "/api/bridges", {"params": {"between": ["optik", "optik", "optik"]}}),
    ("GET", "/api/paths?from=optonet&to=%ED%A0%80", {}),  # an encoded lone surrogate
    ("GET", "/api/paths", {"params": {"from": "", "to": ""}}),
    ("GET", "/?lang=" + "x" * 10_000, {}),
    ("GET", "/query", {"params": {"query": "<script>alert(1)</script>"}}),
    ("GET", "/dump.exe", {}),
    ("GET", "/ontology", {"params": {"format": "\x00"}}),
    ("GET", "/void", {"headers": {"Accept": "text/html;q=x, */*;q=abc"}}),
    ("GET", "/sparql", {"headers": {"Accept": "a/b;" * 2000}, "params": {"query": "ASK {}"}}),
    (
        "OPTIONS",
        "/sparql",
        {"headers": {"Origin": "http://evil.example", "Access-Control-Request-Method": "DELETE"}},
    ),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), BAD_REQUESTS)
def test_bad_requests_get_clean_4xx(server: str, method: str, path: str, kwargs: dict) -> None:
    r = httpx.request(method, server + path, timeout=60, **kwargs)
    _clean(r)
    if r.status_code >= 400 and r.headers.get("content-type", "").startswith("application/json"):
        body = r.json()
        assert set(body) == {"error", "message", "status"}, body
