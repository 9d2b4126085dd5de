"""Fault tests of RELIABILITY.md: kills, failing writes, damage, locks, any text, raw scans."""
