"""Loaded by every Python started with this folder on PYTHONPATH (tests/conftest.py puts it there): the belt."""

import loopback_belt

loopback_belt.install()
