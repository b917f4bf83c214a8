"""Shim for `scrapyd-deploy` (it builds an egg with `setup.py bdist_egg`); everything is in pyproject.toml."""

from setuptools import setup

setup()
