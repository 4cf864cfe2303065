"""Certificates for the TLS tests, made with `cryptography`: a CA, and client or server
certificates it signs, valid, expired or from another CA, written as PEM files."""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write_key(key: ec.EllipticCurvePrivateKey, path: Path) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


@dataclass(frozen=True)
class Authority:
    """A CA: its certificate and key, in memory and as ca.pem / ca-key.pem in `folder`."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    folder: Path

    @property
    def ca_pem(self) -> Path:
        return self.folder / "ca.pem"

    @classmethod
    def new(cls, folder: Path, name: str = "test CA") -> Authority:
        folder.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - DAY)
            .not_valid_after(NOW + 30 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        (folder / "ca.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        _write_key(key, folder / "ca-key.pem")
        return cls(cert, key, folder)

    @classmethod
    def load(cls, folder: Path) -> Authority:
        cert = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
        key = serialization.load_pem_private_key((folder / "ca-key.pem").read_bytes(), None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return cls(cert, key, folder)

    def issue(
        self,
        folder: Path,
        *,
        server_ips: tuple[str, ...] = (),
        not_before: datetime.datetime | None = None,
        not_after: datetime.datetime | None = None,
        cert_name: str = "cert.pem",
        key_name: str = "key.pem",
    ) -> tuple[Path, Path]:
        """A client certificate (or a server one, for `server_ips`) and its key in `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        usage = ExtendedKeyUsageOID.SERVER_AUTH if server_ips else ExtendedKeyUsageOID.CLIENT_AUTH
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name("server" if server_ips else "client"))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or NOW - DAY)
            .not_valid_after(not_after or NOW + 30 * DAY)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        )
        if server_ips:
            names = [x509.IPAddress(ipaddress.ip_address(ip)) for ip in server_ips]
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        cert = builder.sign(self.key, hashes.SHA256())
        cert_path, key_path = folder / cert_name, folder / key_name
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        _write_key(key, key_path)
        return cert_path, key_path
