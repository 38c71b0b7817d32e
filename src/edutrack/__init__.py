"""EduTrack: the backend of an online tutoring platform for Egyptian secondary-school students."""

__version__ = "0.1.0"
