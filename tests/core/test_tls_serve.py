"""`polnet serve --tls-cert --tls-key` serves HTTPS itself, and the pages know they are secure."""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.servers import BIN, REPO, ServerProcess, run_python

pytestmark = pytest.mark.slow


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class TlsServer(ServerProcess):
    def __init__(self, env: dict[str, str], log: Path, cert: Path, key: Path) -> None:
        super().__init__(env, log)
        self.cert, self.key = cert, key

    def command(self) -> list[str]:
        return [*super().command(), "--tls-cert", str(self.cert), "--tls-key", str(self.key)]


def _get(port: int, context: ssl.SSLContext, deadline: float) -> http.client.HTTPResponse:
    while True:
        try:
            conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=5, context=context)
            conn.request("GET", "/login/")
            return conn.getresponse()
        except (ConnectionError, ssl.SSLError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_speaks_https_with_a_certificate(server_env: dict[str, str], tmp_path: Path) -> None:
    run_python(server_env, "-m", "polnet.cli", "migrate")
    cert, key = _self_signed(tmp_path)
    server = TlsServer(server_env, tmp_path / "server.log", cert, key)
    server.start()
    try:
        response = _get(server.port, ssl.create_default_context(cafile=str(cert)), time.monotonic() + 60)
        assert response.status == 200, server.log.read_text()[-2000:]
        # Django saw a secure request: HSTS is sent on HTTPS answers only.
        assert response.getheader("Strict-Transport-Security", "").startswith("max-age=")
        assert "Secure" in (response.getheader("Set-Cookie") or "")
    finally:
        server.stop()


def test_serve_wants_both_tls_files(server_env: dict[str, str], tmp_path: Path) -> None:
    cert, _ = _self_signed(tmp_path)
    done = subprocess.run(
        [str(BIN / "polnet"), "serve", "--tls-cert", str(cert)],
        env=server_env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "--tls-key" in done.stderr
