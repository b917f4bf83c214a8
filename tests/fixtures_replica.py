"""Fixtures that start the EU Reporter replica on loopback."""
