"""Shared test set-up: no test may reach the network.

Every socket connection to a non-loopback address fails loudly, so a test that
would download something (an Argos index, a sentence splitter, a font) fails
instead of silently passing on a machine that happens to be online.  Tests that
want to prove "no download was attempted" read ``network_attempts``.
"""
from __future__ import annotations

import ipaddress
import socket

import pytest

network_attempts: list = []
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0] if address else ""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded(real):
    def connect(self, address):
        if not _is_local(address):
            network_attempts.append(address)
            raise OSError(f"network access blocked in tests: {address!r}")
        return real(self, address)
    return connect


socket.socket.connect = _guarded(_real_connect)
socket.socket.connect_ex = _guarded(_real_connect_ex)


# Fixtures shared by many modules (tiny_argos, fresh_cache) live with the model builder.
pytest_plugins = ("translate_helpers",)


@pytest.fixture
def network_guard():
    """Every non-loopback connection attempt fails (above) and is recorded here; clears the
    record so that the test can assert it stays empty."""
    network_attempts.clear()
    return network_attempts


@pytest.fixture
def run_cli(capsys):
    """Run ``captions`` in-process: returns (exit code, stdout, stderr)."""
    from captions.cli import main

    def run(*argv):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run
