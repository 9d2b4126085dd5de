"""The suite's network guard is real: a connection to anywhere but this machine fails."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.conftest import NetworkUseError


def test_no_network_outbound_connection_is_refused():
    with pytest.raises(NetworkUseError), socket.create_connection(("192.0.2.1", 80), timeout=1):
        pass


def test_no_network_name_lookup_is_refused():
    with pytest.raises(NetworkUseError):
        urllib.request.urlopen("http://example.invalid/", timeout=1)
