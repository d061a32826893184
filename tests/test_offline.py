"""No network at build time: a build with every outbound connection refused still works."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from generator.build import build
from generator.config import Settings

from .conftest import ROOT


def test_build_makes_no_network_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    attempts: list[object] = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network access during a build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or (_ for _ in ()).throw(OSError("DNS during a build")))
    result = build(Settings(root=ROOT, docs_dir=tmp_path / "docs", site_dir=tmp_path / "site", strict=True))
    assert result.count("error") == 0
    assert (tmp_path / "site" / "index.html").is_file()
    assert attempts == []
