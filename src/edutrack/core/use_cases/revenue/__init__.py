"""Revenue analytics (SiteOwner §6) and the teacher dashboard (Teacher §13)."""
