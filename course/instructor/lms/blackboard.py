"""Blackboard Learn: its "Assignment File Download" and its Grade Centre download (the roster).

Files are ``<assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file name>`` and, per attempt,
a receipt ``<assignment>_<username>_attempt_<time>.txt`` ("Name: Jane Doe (jdoe)", "Date
Submitted: ...", "Original filename: ..."). Attempt times are the server's local time.
"""
import re
from datetime import datetime
from pathlib import PurePosixPath

from ..late import to_utc
from .base import Identity, LearningSystem, RosterEntry

__all__ = ["Blackboard"]


class Blackboard(LearningSystem):
    name = "blackboard"
    title = "Blackboard"
    roster_columns = ("Username",)
    roster_source = "Blackboard: Grade Centre -> Work Offline -> Download (user information columns)"
    _FILE = re.compile(r"^(?P<head>.+)_attempt_(?P<time>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)"
                       r"(?:_(?P<file>.+)|(?P<receipt>\.txt))$")
    _RECEIPT_NAME = re.compile(r"^Name:\s*(?P<name>.*?)\s*\((?P<user>[^()]+)\)\s*$", re.MULTILINE)
    _RECEIPT_FILES = re.compile(r"Original filename:\s*(?P<original>.+?)\s*\n\s*Filename:\s*(?P<file>.+?)\s*$",
                                re.MULTILINE)

    def parse_all(self, paths, texts):
        """Usernames come from the receipts where there are any; otherwise the assignment
        prefix all files share is cut off (usernames may contain "_")."""
        matches = {path: self._FILE.match(PurePosixPath(path).parts[0]) for path in paths}
        heads = {m["head"] for m in matches.values() if m}
        names, originals, users = {}, {}, set()
        for path, match in matches.items():
            if match and match["receipt"] and path in texts:
                found = self._RECEIPT_NAME.search(texts[path])
                if found:
                    names[match["head"]] = found["name"]
                    users.add(found["user"])
                for item in self._RECEIPT_FILES.finditer(texts[path]):
                    originals[item["file"]] = item["original"]
        prefix = _common_prefix(heads)
        parsed = {}
        for path, match in matches.items():
            if not match:
                parsed[path] = None
                continue
            head = match["head"]
            user = next((u for u in sorted(users, key=len, reverse=True) if head.endswith("_" + u)), None)
            if user is None:
                user = head[len(prefix):] if prefix and len(heads) > 1 else head.rsplit("_", 1)[-1]
            parts = PurePosixPath(path).parts
            original = parts[-1] if len(parts) > 1 else originals.get(parts[0], match["file"] or "")
            parsed[path] = Identity(
                id=user, name=names.get(head, ""), kind="receipt" if match["receipt"] else "file",
                attempt=datetime.strptime(match["time"], "%Y-%m-%d-%H-%M-%S"), original_name=original)
        return parsed

    def roster_entry(self, row):
        user = row.get("Username", "").strip()
        if not user:
            return None
        first, last = row.get("First Name", "").strip(), row.get("Last Name", "").strip()
        return RosterEntry(user, " ".join(p for p in (first, last) if p), first, last,
                           email=row.get("Email", row.get("Email Address", "")).strip(),
                           sis_user_id=row.get("Student ID", "").strip(), row=row)

    def submission_time(self, identity, modified, entry, due, zone):
        if identity.attempt:
            return to_utc(identity.attempt, zone), "attempt time in the file name"
        return super().submission_time(identity, modified, entry, due, zone)


def _common_prefix(heads):
    """The longest start ending in "_" that every head shares (the assignment's name)."""
    heads = sorted(heads)
    if not heads:
        return ""
    first, last = heads[0], heads[-1]
    common = 0
    while common < min(len(first), len(last)) and first[common] == last[common]:
        common += 1
    cut = first[:common].rfind("_")
    return first[:cut + 1] if cut >= 0 else ""
