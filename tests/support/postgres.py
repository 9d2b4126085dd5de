"""A throwaway PostgreSQL server on 127.0.0.1 for the storage and service tests."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_binaries() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    # initdb refuses to run as root; Debian's package provides the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class Server:
    binaries: Path
    data: Path
    port: int

    @classmethod
    def start(cls, binaries: Path) -> Server:
        # Its own folder under /tmp: pytest's temporary folders are private to root.
        folder = Path(tempfile.mkdtemp(prefix="chairdesk-pg-"))
        data = folder / "data"
        data.mkdir()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
            os.chown(data, user.pw_uid, user.pw_gid)
        port = _free_port()
        subprocess.run(
            _as_server_user(
                [
                    str(binaries / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "chairdesk",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_server_user(
                [
                    str(binaries / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-w",
                    "-l",
                    str(data / "server.log"),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        return cls(binaries, data, port)

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://chairdesk@127.0.0.1:{self.port}/postgres"

    def new_database(self, name: str) -> str:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
        engine.dispose()
        return f"postgresql+psycopg://chairdesk@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(
            _as_server_user(
                [str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
        )
        shutil.rmtree(self.data.parent, ignore_errors=True)
