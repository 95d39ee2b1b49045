"""The rules of writing a post, apart from any screen: which draft to start from, how far
it may travel, and whether it can be sent as it is.

- Drafts made from the account's defaults and from posts: ``new_draft``, ``reply_draft``
  (everyone in the conversation mentioned but yourself, the content warning carried over,
  visibility no wider than the post answered), ``mention_draft``, ``edit_draft`` and
  ``redraft_draft`` (from a post just deleted).
- Visibility: the ones a server offers (``visibilities``) and ``narrower``.
- Scheduling: ``parse_schedule`` (a time as typed, in local time), ``format_schedule``
  and ``schedule_problem`` (the server wants five minutes' notice).
- Quotes: ``quote_draft``, ``quote_problem`` (why a post cannot be quoted, as its author's
  policy says) and ``quote_policies`` (who may quote a post of a visibility).
- Checks before sending, each a sentence saying why nothing was sent (``language_problem``,
  ``send_problem``, ``attachment_problem``), and ``outgoing``, the draft as
  ``tootui.api.publish`` sends it.

UI-free, so all of it is tested without an app (tests/test_compose_rules.py).
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tootui.api.entities import Instance, Status, Visibility
from tootui.api.errors import ApiError
from tootui.api.publish import OutgoingMedia, OutgoingPost
from tootui.counter import post_length
from tootui.drafts import Draft, DraftMedia
from tootui.i18n import _, localize_digits, ngettext
from tootui.languages import first_language, post_language

if TYPE_CHECKING:
    from tootui.api import MastodonClient
    from tootui.session import AccountSession

SUGGESTIONS = 6  # how many suggestions are shown at most

VISIBILITY_LABELS = {
    "public": _("Public"),
    "unlisted": _("Unlisted (quiet public)"),
    "private": _("Followers only"),
    "direct": _("Mentioned people only"),
    "local": _("Local only"),
}
# How far a post travels; a reply may never travel further than what it answers.
_WIDTH = {"public": 4, "local": 3, "unlisted": 3, "private": 2, "direct": 1}

QUOTE_POLICY_LABELS = {
    "public": _("anyone"),
    "followers": _("your followers"),
    "nobody": _("only you"),
}
QUOTE_POLICIES = ("public", "followers", "nobody")
# Mastodon lets nobody else quote a followers-only post or a private mention.
UNQUOTABLE = ("private", "direct")
SCHEDULE_NOTICE = timedelta(minutes=5)  # the least notice a server takes for a schedule

_DURATION_RE = re.compile(r"^\s*(\d+)\s*([mhd]?)\s*$", re.IGNORECASE)
_UNITS = {"": 60, "m": 60, "h": 3600, "d": 86400}
_CLOCK_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
_DATE_TIME_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2})[:.](\d{2})\s*$")


# --- defaults and visibility -------------------------------------------------------------


def system_language() -> str:
    """The two-letter language of the user's locale, or "" when it cannot be told."""
    for value in (
        locale.getlocale()[0],
        os.environ.get("LC_ALL"),
        os.environ.get("LC_MESSAGES"),
        os.environ.get("LANG"),
    ):
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            code = re.split(r"[_.@-]", value)[0].lower()
            if 2 <= len(code) <= 3 and code.isalpha():
                return code
    return ""


def offers_local_only(session: AccountSession) -> bool:
    """Whether the server has local-only posts (glitch-soc, Hometown and their forks)."""
    version = (session.instance.version if session.instance else "").lower()
    return any(name in version for name in ("glitch", "hometown", "chuckya"))


def visibilities(session: AccountSession, widest: str | None = None) -> list[str]:
    """The visibilities to offer, widest first, none wider than ``widest``."""
    names = ["public", "unlisted", "private", "direct"]
    if offers_local_only(session) or widest == "local":
        names.insert(1, "local")
    if widest in _WIDTH:
        names = [n for n in names if _WIDTH[n] <= _WIDTH[widest]]
    return names


def narrower(a: str, b: str) -> str:
    """The visibility of ``a`` and ``b`` that reaches fewer people."""
    return a if _WIDTH.get(a, 4) <= _WIDTH.get(b, 4) else b


# --- the drafts made from defaults and from posts ----------------------------------------


def new_draft(session: AccountSession) -> Draft:
    """An empty draft with the account's posting defaults (then the system locale)."""
    me = session.me
    prefs = session.preferences
    visibility = (me.default_visibility if me else None) or prefs.get(
        "posting:default:visibility", "public"
    )
    # A code that names no language ("unk" from some servers) is skipped, as Mastodon does.
    language = first_language(
        me.default_language if me else None,
        prefs.get("posting:default:language"),
        system_language(),
    )
    sensitive = (me.default_sensitive if me else False) or bool(
        prefs.get("posting:default:sensitive", False)
    )
    quote_policy = prefs.get("posting:default:quote_policy")  # Mastodon 4.5
    return Draft(
        acct=session.acct,
        visibility=str(visibility or "public"),
        language=language,
        sensitive=sensitive,
        quote_policy=quote_policy if quote_policy in QUOTE_POLICIES else "",
    )


def _my_names(session: AccountSession) -> set[str]:
    user, _at, host = session.acct.partition("@")
    names = {session.acct.lower(), user.lower()}
    if session.me is not None:
        names.add(session.me.acct.lower())
    return names | {f"{user}@{host}".lower()}


def reply_draft(session: AccountSession, status: Status) -> Draft:
    """A reply: everyone in the conversation mentioned (but yourself), CW carried over,
    visibility no wider than the post answered."""
    target = status.target
    mine = _my_names(session)
    handles: list[str] = []
    for acct in [target.account.acct, *(m.acct for m in target.mentions)]:
        if acct and acct.lower() not in mine and acct not in handles:
            handles.append(acct)
    draft = new_draft(session)
    draft.in_reply_to_id = target.id
    draft.text = "".join(f"@{h} " for h in handles)  # ends in a space: typing goes after
    draft.visibility = narrower(draft.visibility, target.visibility)
    if target.spoiler_text:
        draft.cw = True
        draft.spoiler_text = target.spoiler_text
    draft.sensitive = draft.sensitive or target.sensitive
    # The post's language when it names one; else the account's default ("unk" is no language).
    draft.language = post_language(target.language) or draft.language
    return draft


def mention_draft(session: AccountSession, acct: str) -> Draft:
    """A new post that starts by mentioning ``acct`` (from their profile)."""
    draft = new_draft(session)
    if acct.lower() not in _my_names(session):
        draft.text = f"@{acct} "
    return draft


def edit_draft(session: AccountSession, status: Status) -> Draft:
    """Editing one's own post; its source text arrives later from the server."""
    target = status.target
    return Draft(
        acct=session.acct,
        edit_id=target.id,
        in_reply_to_id=target.in_reply_to_id,
        text=target.text or "",
        spoiler_text=target.spoiler_text,
        cw=bool(target.spoiler_text),
        visibility=target.visibility,
        language=post_language(target.language) or "",  # not sent with an edit
        sensitive=target.sensitive,
        media=[
            DraftMedia(path="", description=m.description or "", media_id=m.id)
            for m in target.media_attachments
        ],
    )


def redraft_draft(session: AccountSession, deleted: Status) -> Draft:
    """A new draft from a post just deleted (its source text came back with the delete)."""
    draft = edit_draft(session, deleted)
    draft.edit_id = None
    draft.media = []  # deleted with the post on most servers; attach again
    draft.language = draft.language or new_draft(session).language
    if deleted.poll is not None:
        draft.poll = True
        draft.poll_options = [o.title for o in deleted.poll.options]
        draft.poll_multiple = deleted.poll.multiple
    return draft


def quote_draft(session: AccountSession, status: Status) -> Draft:
    """A new post quoting ``status`` (the post a boost shares)."""
    draft = new_draft(session)
    draft.quoted_status_id = status.target.id
    return draft


def quote_problem(status: Status, my_id: str | None) -> str | None:
    """Why ``status`` cannot be quoted by you, as its author's policy says, or None.

    A post from a server without quote posts has no policy at all: the key is not
    offered for it, and this says so if it is asked anyway.
    """
    target = status.target
    if target.account.id == my_id and target.visibility not in ("direct",):
        return None  # your own public, quiet or followers-only post
    if target.visibility in UNQUOTABLE:
        return _("Followers-only posts and private mentions can't be quoted.")
    approval = target.quote_approval
    if approval is None:
        return _("This post's server does not offer quote posts.")
    if approval.current_user != "denied":
        return None
    if "followers" in approval.automatic or "followers" in approval.manual:
        return _("Only their followers can quote this post.")
    if "following" in approval.automatic or "following" in approval.manual:
        return _("Only people they follow can quote this post.")
    return _("They don't allow quotes of this post.")


def quote_policies(visibility: str) -> tuple[str, ...]:
    """Who may be allowed to quote a post of ``visibility`` (nobody else, if not public)."""
    return ("nobody",) if visibility in UNQUOTABLE else QUOTE_POLICIES


def quote_policy_label(draft: Draft) -> str:
    """Who may quote ``draft`` once posted, in words."""
    if draft.visibility in UNQUOTABLE:
        return _("only you (the post is not public)")
    if not draft.quote_policy:
        return _("the server's default")
    return QUOTE_POLICY_LABELS.get(draft.quote_policy, draft.quote_policy)


# --- scheduling --------------------------------------------------------------------------


def parse_schedule(typed: str, now: datetime) -> datetime | None:
    """The time ``typed`` means, in local time: "2026-12-24 18:30", "18:30" (today, or
    tomorrow once past) or "+2h" / "+30m" / "+1d" from ``now``; None if unreadable."""
    text = typed.strip()
    local_now = now.astimezone()
    try:
        if text.startswith("+"):
            seconds = parse_duration(text[1:])
            return None if not seconds else local_now + timedelta(seconds=seconds)
        if match := _CLOCK_RE.match(text):
            hour, minute = (int(n) for n in match.groups())
            wall = local_now.replace(tzinfo=None, hour=hour, minute=minute, second=0)
            when = wall.replace(microsecond=0).astimezone()  # a wall time in the local zone
            return when if when > local_now else (wall + timedelta(days=1)).astimezone()
        if match := _DATE_TIME_RE.match(text):
            year, month, day, hour, minute = (int(n) for n in match.groups())
            return datetime(year, month, day, hour, minute).astimezone()
    except (ValueError, OverflowError):  # 25:00, 31 February, a year past 9999
        return None
    return None


def format_schedule(when: datetime, now: datetime) -> str:
    """``when`` in local time with its zone, as "Thu 24 Dec 18:30 CET" (the year too when
    it is not this year's)."""
    local = when.astimezone()
    pattern = "%a %d %b %H:%M %Z" if local.year == now.astimezone().year else "%a %d %b %Y %H:%M %Z"
    return localize_digits(local.strftime(pattern).strip())


def scheduled_time(draft: Draft) -> datetime | None:
    """When ``draft`` is to be published, or None for now."""
    if not draft.scheduled_at:
        return None
    try:
        when = datetime.fromisoformat(draft.scheduled_at)
    except ValueError:
        return None
    return when if when.tzinfo else None


def schedule_question(now: datetime, problem: str = "") -> str:
    """What to ask for a time to publish at (after ``problem``, the answer before)."""
    local = now.astimezone()
    question = _("Publish at (your time, {zone}): e.g. {date} 18:30, 18:30 or +2h").format(
        zone=local.strftime("%Z"), date=(local + timedelta(days=1)).strftime("%Y-%m-%d")
    )
    return f"{problem}\n{question}" if problem else question


def read_schedule(typed: str, now: datetime) -> tuple[datetime | None, str]:
    """The time ``typed`` names, at least five minutes ahead; else None and why not."""
    when = parse_schedule(typed, now)
    if when is None:
        return None, _("“{typed}” is not a time tootui can read.").format(typed=typed)
    problem = schedule_problem(when, now)
    return (None, problem) if problem else (when, "")


def schedule_problem(when: datetime, now: datetime) -> str | None:
    """Why a post cannot be scheduled for ``when`` (too soon for the server), or None."""
    if when - now >= SCHEDULE_NOTICE:
        return None
    if when <= now:  # e.g. a draft picked up again after its time
        return _("{time} has passed.").format(time=format_schedule(when, now))
    return _(
        "{time} is less than 5 minutes from now: the server needs at least 5 minutes' notice."
    ).format(time=format_schedule(when, now))


# --- small readings ----------------------------------------------------------------------


def matching_emojis(shortcodes: Iterable[str], typed: str) -> list[str]:
    """The shortcodes that start with ``typed`` (any case), then those that contain it."""
    wanted = typed.lower()
    starts = [c for c in shortcodes if c.lower().startswith(wanted)]
    within = [c for c in shortcodes if wanted in c.lower() and c not in starts]
    return (starts + within)[:SUGGESTIONS]


def suggestions_for(client: MastodonClient, token: str) -> list[str]:
    """What to offer for ``token`` as typed ("@al", "#ca", ":bl"): accounts and hashtags
    the server finds, custom emoji of the server (asked once per account, then matched
    here). Blocking; a failure offers nothing, since typing in full still works."""
    query = token[1:]
    try:
        if token.startswith("@"):
            found = client.search(query, resolve=False, kind="accounts", limit=SUGGESTIONS)
            return ["@" + a.acct for a in found.accounts]
        if token.startswith("#"):
            found = client.search(query, resolve=False, kind="hashtags", limit=SUGGESTIONS)
            return ["#" + t.name for t in found.hashtags]
        return [f":{code}:" for code in matching_emojis(client.custom_emojis(), query)]
    except ApiError:
        return []


def parse_duration(value: str) -> int | None:
    """Seconds from "30m", "6h", "3d" (a bare number is minutes); None if unreadable."""
    match = _DURATION_RE.match(value)
    if not match:
        return None
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def format_duration(seconds: int) -> str:
    """The shortest of "3d", "6h" or "30m" that says ``seconds`` (at least a minute)."""
    if seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{max(1, seconds // 60)}m"


def limits(instance: Instance | None) -> tuple[int, int]:
    """The server's character limit and what one link counts for (Mastodon's defaults)."""
    if instance is None:
        return 500, 23
    return instance.max_characters, instance.characters_reserved_per_url


# --- before sending ----------------------------------------------------------------------


def language_problem(draft: Draft) -> str | None:
    """Why ``draft``'s language cannot be sent (an edit sends none), or None."""
    if draft.edit_id or not draft.language or post_language(draft.language) is not None:
        return None
    return _(
        "Language: “{code}” is not a language code. Write one such as en, de "
        "or ar, or leave the field empty (nothing was sent, nothing is lost)."
    ).format(code=draft.language)


def repair_language(draft: Draft, session: AccountSession) -> str | None:
    """Put the account's default language in place of a code that names none (a draft
    saved before codes were checked, a server's "unk"); say so, or None if nothing changed."""
    if draft.edit_id or not draft.language or post_language(draft.language) is not None:
        return None
    given = draft.language
    draft.language = new_draft(session).language
    return _("“{code}” is not a language code, so the language is now {language}.").format(
        code=given, language=draft.language or _("the server's choice")
    )


def send_problem(
    draft: Draft, instance: Instance | None, host: str, *, duration_readable: bool = True
) -> str | None:
    """Why ``draft`` cannot be sent to ``host`` as it is (nothing is sent), or None.

    ``duration_readable``: whether the poll's duration, as typed, could be read at all.
    """
    limit, url_length = limits(instance)
    used = post_length(draft.text, draft.spoiler_text if draft.cw else "", url_length=url_length)
    if used > limit:
        return _(
            "The post is {over} characters over {host}'s limit of {limit}; "
            "shorten it (nothing was sent, nothing is lost)."
        ).format(over=used - limit, host=host, limit=limit)
    if not draft.text.strip() and not draft.media and not draft.poll:
        return _("Write something first.")
    if draft.poll and draft.quoted_status_id:
        return _("A quote post cannot have a poll.")
    if draft.poll:
        return _poll_problem(draft, instance, duration_readable)
    return None


def _poll_problem(draft: Draft, instance: Instance | None, duration_readable: bool) -> str | None:
    options = [o.strip() for o in draft.poll_options if o.strip()]
    if len(options) < 2:
        return _("A poll needs at least two choices.")
    if len(set(options)) != len(options):
        return _("Two poll choices are the same.")
    longest = instance.max_poll_option_characters if instance else 50
    if any(len(o) > longest for o in options):
        return _("A poll choice is longer than {n} characters.").format(n=longest)
    low = instance.min_poll_expiration if instance else 300
    high = instance.max_poll_expiration if instance else 2629746
    if not duration_readable:
        return _("Poll duration: write e.g. 30m, 6h or 3d.")
    if not low <= draft.poll_expires_in <= high:
        return _("A poll must run between {low} and {high}.").format(
            low=format_duration(low), high=format_duration(high)
        )
    if draft.media:
        return _("A post can have media or a poll, not both.")
    return None


def attachment_problem(
    path: Path, draft: Draft, instance: Instance | None, host: str, *, poll: bool
) -> str | None:
    """Why the file at ``path`` cannot be attached to ``draft``, or None.

    ``poll``: whether the draft has a poll (shown, if not yet saved in ``draft``).
    """
    limit = instance.max_media_attachments if instance else 4
    if not path.is_file():
        return _("There is no file at {path}.").format(path=path)
    if len(draft.media) >= limit:
        return _("{host} takes at most {n} attachments per post.").format(host=host, n=limit)
    if draft.poll or poll:
        return _("A post can have media or a poll, not both.")
    return None


def undescribed(draft: Draft) -> list[int]:
    """The positions of the attachments that have no description (alt text)."""
    return [i for i, m in enumerate(draft.media) if not m.description.strip()]


def undescribed_reminder(count: int) -> str:
    """The reminder before posting ``count`` attachments with no description."""
    return ngettext(
        "{n} attachment has no description, so people who cannot see it "
        "will not know what it shows. Add alt text, or press ctrl+s again to "
        "post anyway.",
        "{n} attachments have no description, so people who cannot see them "
        "will not know what they show. Add alt text, or press ctrl+s again to "
        "post anyway.",
        count,
    ).format(n=count)


def outgoing(draft: Draft) -> OutgoingPost:
    """What ``draft`` sends: the content warning only when it is on, the poll's filled-in
    choices only when it has a poll, its schedule, quote and quote policy, and its
    idempotency key."""
    return OutgoingPost(
        text=draft.text,
        spoiler_text=draft.spoiler_text if draft.cw else "",
        visibility=cast(Visibility, draft.visibility),
        language=draft.language or None,
        sensitive=draft.sensitive,
        in_reply_to_id=draft.in_reply_to_id,
        edit_id=draft.edit_id,
        media=tuple(OutgoingMedia(m.path, m.description, m.media_id) for m in draft.media),
        poll_options=tuple(o.strip() for o in draft.poll_options if o.strip())
        if draft.poll
        else (),
        poll_expires_in=draft.poll_expires_in,
        poll_multiple=draft.poll_multiple,
        poll_hide_totals=draft.poll_hide_totals,
        idempotency_key=draft.idempotency_key(),
        scheduled_at=scheduled_time(draft),
        quoted_status_id=draft.quoted_status_id,
        # not public: the server lets nobody quote it, whatever is asked
        quote_approval_policy=(draft.quote_policy or None)
        if draft.visibility not in UNQUOTABLE
        else None,
    )
