"""A plain folder (or zip) of notebooks: the student id is the start of each path, or what
collect's --pattern finds in it; the file's own time is its submission time."""
from .base import LearningSystem

__all__ = ["PlainFolder"]


class PlainFolder(LearningSystem):
    name = "folder"
    title = "a plain folder"
    ids_from_names = False

    def submission_time(self, identity, modified, entry, due, zone):
        return modified, "file time"
