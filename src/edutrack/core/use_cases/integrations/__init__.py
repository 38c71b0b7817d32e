"""Integrations (API_SUPPLEMENT §11): OAuth2 clients and tokens, the audit trail, and the
Appsembler-compatible accounts and analytics."""
