"""Drafts kept on disk so nothing typed is ever lost: ``data_dir()/drafts/<id>.json``.

The composer saves its draft (debounced) as the user types, each write atomic, so a crash,
a kill or a quit leaves the last version on disk. A post that succeeds deletes its draft.
Each draft also gives the ``Idempotency-Key`` sent with it: the same draft content always
gives the same key, so a retry after a lost answer never makes a second post.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from tootui.i18n import _, ngettext
from tootui.paths import atomic_write, data_dir


@dataclass
class DraftMedia:
    """A file to attach, its alt text, and its server id once uploaded."""

    path: str
    description: str = ""
    media_id: str | None = None


@dataclass
class Draft:
    """Everything the composer holds for one post."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    acct: str = ""
    text: str = ""
    spoiler_text: str = ""
    cw: bool = False
    visibility: str = "public"
    language: str = ""
    sensitive: bool = False
    in_reply_to_id: str | None = None
    edit_id: str | None = None  # editing this post instead of making a new one
    media: list[DraftMedia] = field(default_factory=list)
    poll: bool = False
    poll_options: list[str] = field(default_factory=lambda: ["", ""])
    poll_expires_in: int = 86400
    poll_multiple: bool = False
    poll_hide_totals: bool = False
    scheduled_at: str | None = None  # ISO 8601 (UTC): publish then, not now
    quoted_status_id: str | None = None  # the post this one quotes
    quote_policy: str = ""  # who may quote it: public, followers, nobody ("" the default)
    updated_at: float = 0.0

    @property
    def is_empty(self) -> bool:
        """Nothing worth keeping: no text, no content warning, no media, no poll."""
        return not (
            self.text.strip()
            or (self.cw and self.spoiler_text.strip())
            or self.media
            or (self.poll and any(o.strip() for o in self.poll_options))
        )

    def idempotency_key(self) -> str:
        """Stable for this draft's content: every retry of the same post sends the same key.

        Editing the draft after a failure gives a new key, so the changed post is sent as
        it now is rather than answered with the earlier version.
        """
        payload = asdict(self)
        del payload["updated_at"]
        payload["media"] = [(m.path, m.description) for m in self.media]
        if not self.poll:
            payload = {k: v for k, v in payload.items() if not k.startswith("poll_")}
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        return "tootui-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]

    def summary(self, width: int = 60) -> str:
        """One line to show in the drafts list."""
        first = (self.spoiler_text if self.cw and self.spoiler_text else self.text).strip()
        first = " ".join(first.split()) or "(media or poll only)"
        if len(first) > width:
            first = first[: width - 1] + "…"
        return first

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, raw: str) -> Draft:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("a draft is a JSON object")
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        values["media"] = [
            DraftMedia(**{k: v for k, v in m.items() if k in ("path", "description", "media_id")})
            for m in values.get("media") or []
            if isinstance(m, dict) and isinstance(m.get("path"), str)
        ]
        return cls(**values)


class DraftStore:
    """The drafts folder: save, list, load and delete drafts by id."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_dir() / "drafts"

    def path(self, draft_id: str) -> Path:
        safe = "".join(c for c in draft_id if c.isalnum() or c in "-_")
        return self.folder / f"{safe}.json"

    def save(self, draft: Draft) -> None:
        """Write ``draft`` atomically; an empty draft is removed instead."""
        if draft.is_empty:
            self.delete(draft.id)
            return
        draft.updated_at = time.time()
        atomic_write(self.path(draft.id), draft.to_json())

    def delete(self, draft_id: str) -> None:
        self.path(draft_id).unlink(missing_ok=True)

    def load(self, draft_id: str) -> Draft | None:
        try:
            return Draft.from_json(self.path(draft_id).read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            return None

    def list(self) -> list[Draft]:
        """Saved drafts, newest first; unreadable files are skipped, not deleted."""
        if not self.folder.is_dir():
            return []
        drafts: list[Draft] = []
        for path in self.folder.glob("*.json"):
            try:
                drafts.append(Draft.from_json(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                continue
        drafts.sort(key=lambda d: d.updated_at, reverse=True)
        return drafts


def offer_saved_drafts(app: Any) -> None:
    """At start-up: say that drafts survived (a crash, a kill, a quit) and how to open them.

    Lives here, not with the composer, so start-up does not load the composer for it.
    """
    drafts = DraftStore().list()
    if not drafts:
        return
    if len(drafts) == 1:
        text = _("A saved draft is waiting: “{d}”. Press C to pick it up.").format(
            d=drafts[0].summary(40)
        )
    else:
        text = ngettext(
            "{n} saved draft is waiting: “{d}”. Press C to see it.",
            "{n} saved drafts are waiting, the latest “{d}”. Press C to see them.",
            len(drafts),
        ).format(n=len(drafts), d=drafts[0].summary(40))
    app.notify(text, title=_("Drafts"), timeout=15, markup=False)  # draft text is never markup
