"""Builders and shared types for the tests (ADR 0006): no test module imports another test module."""
