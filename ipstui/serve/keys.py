"""Public keys as people paste them, and the server's own host key in the data folder."""

from __future__ import annotations

import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipstui.store.atomic import FileMode, open_regular, read_all, write_bytes_atomic
from ipstui.store.errors import UnsafeFile
from ipstui.store.team import HOST_KEY

# Algorithms a team key may use: what OpenSSH offers today (no DSA, no RSA under 2048 bits).
ALLOWED = ("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
           "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com")


def asyncssh() -> Any:
    """asyncssh, loaded without the deprecation notices its cryptography back end prints."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import asyncssh as loaded
    return loaded


@dataclass(frozen=True)
class PublicKey:
    """One public key: its OpenSSH line (no comment) and its SHA256 fingerprint."""

    line: str
    fingerprint: str


def public_key(given: str) -> PublicKey:
    """The key in `given` (a line of an id_*.pub file or of authorized_keys); ValueError if it is none."""
    text = given.strip()
    if "\n" in text:
        raise ValueError("give one key: the file holds several lines")
    ssh = asyncssh()
    try:
        key = ssh.import_public_key(text)
    except (ssh.KeyImportError, ValueError) as error:
        raise ValueError(f"not an SSH public key ({error})") from None
    algorithm = key.get_algorithm()
    if algorithm not in ALLOWED:
        raise ValueError(f"{algorithm} keys are not accepted; use ssh-keygen -t ed25519")
    if algorithm == "ssh-rsa" and key.pyca_key.key_size < 2048:
        raise ValueError("an RSA key needs at least 2048 bits; use ssh-keygen -t ed25519")
    line = " ".join(key.export_public_key("openssh").decode("ascii").split()[:2])
    return PublicKey(line, key.get_fingerprint("sha256"))


def read_key_argument(value: str) -> str:
    """`--key`: a public key line, or the path of a file holding one (a regular file, never a link)."""
    if value.split(" ", 1)[0] in ALLOWED or value.startswith(("ssh-", "ecdsa-", "sk-")):
        return value
    path = Path(value).expanduser()
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        raise ValueError(f"{value}: no such file (give the key file or the key itself)") from None
    except UnsafeFile as error:
        raise ValueError(str(error)) from None
    try:
        data = read_all(fd, path)
    finally:
        os.close(fd)
    if len(data) > 16384:
        raise ValueError(f"{value}: too long for a public key file")
    return data.decode("utf-8", "replace")


def host_key(root: Path, mode: FileMode) -> tuple[Any, bool]:
    """The server's ed25519 host key in the data folder, made on first start (owner-only): (key, made now).

    An existing key file must be a regular file of this user, readable by nobody else; any other
    is refused rather than trusted or replaced.
    """
    ssh = asyncssh()
    path = root / HOST_KEY
    if os.path.lexists(path):
        fd = open_regular(path)
        try:
            info = os.fstat(fd)
            if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
                raise UnsafeFile(path, "the host key must be yours and readable by you alone (chmod 600)")
            data = read_all(fd, path)
        finally:
            os.close(fd)
        try:
            return ssh.import_private_key(data), False
        except (ssh.KeyImportError, ValueError) as error:
            raise UnsafeFile(path, f"not a private key ({error}); move it away to make a new one") from None
    key = ssh.generate_private_key("ssh-ed25519")
    write_bytes_atomic(path, key.export_private_key("openssh"), FileMode(), keep_backup=False)
    return key, True


def fingerprint_of(key: Any) -> str:
    return key.get_fingerprint("sha256")
