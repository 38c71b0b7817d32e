"""The pure core: entities, value objects, policies and use cases. Standard library only."""
