"""Maintainers' tools: not part of the course's helpers package."""
