"""Tests that come with the generated client: run them with `pytest`."""
