"""Protocols the core needs, named by intent. Adapters implement them; the core imports only these."""
