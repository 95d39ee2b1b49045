"""The demo world: who lives in it and what they post, read from ``world.toml`` beside this file.

``world.toml`` holds all of the world's text (people, showcase posts, the pools generated
posts are drawn from); this module turns it into typed values and ``plan_world`` decides,
for a number of posts and a random seed, every post of the world before any server sees
it. Nothing here knows about mastodon-mock: ``server.py`` serves the plan and
``mock_internals.py`` writes it into the mock.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib.resources import files
from typing import Any

WORLD_FILE = "world.toml"


@dataclass(frozen=True)
class DemoPerson:
    """One account of the demo world."""

    username: str
    display_name: str
    note: str
    fields: tuple[tuple[str, str], ...] = ()
    locked: bool = False
    bot: bool = False
    language: str = "en"


@dataclass
class PlannedPoll:
    """A poll to attach to a planned post."""

    options: tuple[str, ...]
    multiple: bool = False
    expired: bool = False
    votes: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass
class PlannedPost:
    """One status of the world, before it has a server id."""

    ref: str
    author: str
    text: str = ""
    visibility: str = "public"
    spoiler_text: str = ""
    sensitive: bool = False
    language: str | None = "en"
    reply_to: str | None = None
    boost_of: str | None = None
    poll: PlannedPoll | None = None
    media: tuple[str | None, ...] = ()  # one entry per image: its alt text, or None
    previous_text: str | None = None  # set for an edited post
    favourited_by: tuple[str, ...] = ()
    bookmarked: bool = False  # by the demo account


@dataclass(frozen=True)
class Chatter:
    """What generated posts are made of: ``[generator]`` in world.toml."""

    authors: tuple[str, ...]
    weights: tuple[int, ...]
    strangers: frozenset[str]
    spoilers: tuple[str, ...]
    media: tuple[str | None, ...]
    weather: str
    winds: tuple[str, ...]
    openers: tuple[str, ...]
    bodies: tuple[str, ...]
    questions: tuple[str, ...]
    closers: tuple[str, ...]
    link_slugs: tuple[str, ...]
    hashtags: Mapping[str, tuple[str, ...]]
    phrases: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class World:
    """The world as world.toml writes it: the instance, its people and their posts' text."""

    you: str  # the account tootui signs in as
    title: str
    description: str
    rules: tuple[str, ...]
    people: tuple[DemoPerson, ...]
    follows: tuple[tuple[str, str], ...]  # (follower, followed)
    follow_requests: tuple[tuple[str, str], ...]
    follow_notified: tuple[str, ...]  # followers whose follow shows in your notifications
    showcase: tuple[PlannedPost, ...]  # oldest first
    chatter: Chatter

    def person(self, username: str) -> DemoPerson:
        return next(p for p in self.people if p.username == username)


@dataclass(frozen=True)
class WorldPlan:
    """Everything the demo world holds, decided up front and deterministic for a seed."""

    world: World
    posts: tuple[PlannedPost, ...]  # oldest first
    seed: int

    @property
    def people(self) -> tuple[DemoPerson, ...]:
        return self.world.people


# --- reading world.toml ---------------------------------------------------------------


def _pairs(rows: list[list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in rows)


def _post(table: Mapping[str, Any]) -> PlannedPost:
    poll = table.get("poll")
    return PlannedPost(
        ref=table["ref"],
        author=table["author"],
        text=table.get("text", ""),
        visibility=table.get("visibility", "public"),
        spoiler_text=table.get("spoiler_text", ""),
        sensitive=table.get("sensitive", False),
        language=table.get("language", "en"),
        reply_to=table.get("reply_to"),
        boost_of=table.get("boost_of"),
        poll=None
        if poll is None
        else PlannedPoll(
            tuple(poll["options"]),
            multiple=poll.get("multiple", False),
            expired=poll.get("expired", False),
            votes={voter: tuple(choices) for voter, choices in poll.get("votes", {}).items()},
        ),
        media=tuple(image.get("alt") for image in table.get("media", ())),
        previous_text=table.get("previous_text"),
        favourited_by=tuple(table.get("favourited_by", ())),
        bookmarked=table.get("bookmarked", False),
    )


def _chatter(table: Mapping[str, Any]) -> Chatter:
    return Chatter(
        authors=tuple(table["authors"]),
        weights=tuple(table["authors"].values()),
        strangers=frozenset(table["strangers"]),
        spoilers=tuple(table["spoilers"]),
        media=tuple(image.get("alt") for image in table["media"]),
        weather=table["weather"],
        winds=tuple(table["winds"]),
        openers=tuple(table["openers"]),
        bodies=tuple(table["bodies"]),
        questions=tuple(table["questions"]),
        closers=tuple(table["closers"]),
        link_slugs=tuple(table["link_slugs"]),
        hashtags={name: tuple(tags) for name, tags in table["hashtags"].items()},
        phrases={language: tuple(texts) for language, texts in table["phrases"].items()},
    )


def parse_world(text: str) -> World:
    """Build a ``World`` from world.toml's text; a ``ValueError`` says what is wrong in it."""
    data = tomllib.loads(text)
    people = tuple(
        DemoPerson(
            username=p["username"],
            display_name=p["display_name"],
            note=p["note"],
            fields=_pairs(p.get("fields", [])),
            locked=p.get("locked", False),
            bot=p.get("bot", False),
            language=p.get("language", "en"),
        )
        for p in data["people"]
    )
    relations = data["relations"]
    world = World(
        you=data["you"],
        title=data["instance"]["title"],
        description=data["instance"]["description"],
        rules=tuple(data["instance"]["rules"]),
        people=people,
        follows=_pairs(relations["follows"]),
        follow_requests=_pairs(relations["follow_requests"]),
        follow_notified=tuple(relations["follow_notified"]),
        showcase=tuple(_post(table) for table in data["showcase"]),
        chatter=_chatter(data["generator"]),
    )
    _check(world)
    return world


def _check(world: World) -> None:
    """Every name and ref in the world points at something that exists, and earlier."""
    names = {p.username for p in world.people}
    named = [("you", world.you), *(("relations", n) for n in world.follow_notified)]
    named += [("relations", n) for pair in (*world.follows, *world.follow_requests) for n in pair]
    named += [("generator", n) for n in (*world.chatter.authors, *world.chatter.strangers)]
    refs: set[str] = set()
    for post in world.showcase:
        where = f"showcase post {post.ref!r}"
        named += [(where, post.author), *((where, fan) for fan in post.favourited_by)]
        named += [(where, voter) for voter in (post.poll.votes if post.poll else ())]
        for target in (post.reply_to, post.boost_of):
            if target is not None and target not in refs:
                raise ValueError(f"{WORLD_FILE}: {where} points at {target!r}, not an earlier post")
        if post.ref in refs:
            raise ValueError(f"{WORLD_FILE}: two showcase posts are called {post.ref!r}")
        refs.add(post.ref)
    for where, name in named:
        if name not in names:
            raise ValueError(f"{WORLD_FILE}: {where} names {name!r}, who is not among the people")
    for author in world.chatter.authors:
        if author not in world.chatter.hashtags:
            raise ValueError(f"{WORLD_FILE}: the generator has no hashtags for {author!r}")


def load_world() -> World:
    """The world shipped with tootui (package data, so a plain ``pip install`` has it)."""
    return parse_world(files(__package__).joinpath(WORLD_FILE).read_text(encoding="utf-8"))


WORLD = load_world()
DEMO_USERNAME = WORLD.you
DEMO_TITLE = WORLD.title
DEMO_DESCRIPTION = WORLD.description
DEMO_RULES = list(WORLD.rules)
PEOPLE = WORLD.people


# --- deciding the posts ---------------------------------------------------------------


def _english_text(rng: random.Random, chatter: Chatter) -> str:
    if rng.random() < 0.1:
        return rng.choice(chatter.questions)
    opener, body = rng.choice(chatter.openers), rng.choice(chatter.bodies)
    text = f"{opener} {body}" if opener else body[0].upper() + body[1:]
    closer = rng.choice(chatter.closers)
    return f"{text} {closer}" if closer else text


def _long_english(rng: random.Random, chatter: Chatter, author: str) -> str:
    paragraphs: list[str] = []
    while sum(len(x) + 2 for x in paragraphs) < 380:
        paragraphs.append(" ".join(_english_text(rng, chatter) for _ in range(2)))
    text = "\n\n".join(paragraphs)
    return text[:470].rsplit(" ", 1)[0] + "… " + rng.choice(chatter.hashtags[author])


def _filler(
    rng: random.Random, world: World, index: int, earlier: list[PlannedPost]
) -> PlannedPost:
    """One ordinary post, drawn at random but from the seeded generator only.

    The order of the ``rng`` calls is the world: changing it changes every seeded world.
    """
    chatter = world.chatter
    author = rng.choices(chatter.authors, weights=chatter.weights)[0]
    person = world.person(author)
    post = PlannedPost(ref=f"gen{index}", author=author)
    roll = rng.random()
    originals = [p for p in earlier[-60:] if p.boost_of is None and p.visibility == "public"]
    if roll < 0.10 and originals and not person.bot:
        target = rng.choice(originals)
        if target.author != author:
            post.boost_of = target.ref
            post.language = None
            return post
    if roll < 0.22 and originals and not person.bot:
        parent = rng.choice(originals[-20:])
        post.reply_to = parent.ref
        post.text = f"@{parent.author} " if parent.author != author else ""
    if person.language in chatter.phrases and rng.random() < 0.45:
        post.language = person.language
        phrases = chatter.phrases[person.language]
        post.text += " ".join(rng.sample(phrases, k=rng.randint(1, 2)))
    elif person.bot:
        post.text += chatter.weather.format(
            hour=rng.randint(0, 23),
            degrees=rng.randint(4, 24),
            wind=rng.choice(chatter.winds),
            speed=rng.randint(3, 40),
        )
    elif rng.random() < 0.06:
        post.text += _long_english(rng, chatter, author)
    else:
        post.text += _english_text(rng, chatter)
        extra = rng.random()
        if extra < 0.15:
            post.text += f" https://example.org/{rng.choice(chatter.link_slugs)}"
        elif extra < 0.35:
            tags = chatter.hashtags[author]
            post.text += " " + " ".join(rng.sample(tags, k=1 + (rng.random() < 0.3)))
        elif extra < 0.42 and post.reply_to is None:
            others = [p.username for p in world.people if p.username != author]
            other = rng.choice([name for name in others if name not in chatter.strangers])
            post.text += f" cc @{other}"
    kind = rng.random()
    if kind < 0.04:
        post.spoiler_text = rng.choice(chatter.spoilers)
    elif kind < 0.09:
        post.visibility = "unlisted"
    elif kind < 0.13:
        post.visibility = "private"
    elif kind < 0.16 and not person.bot:
        post.media = (rng.choice(chatter.media),)
    fans = [
        p.username
        for p in world.people
        if p.username != author and p.username not in chatter.strangers and not p.bot
    ]
    post.favourited_by = tuple(rng.sample(fans, k=min(len(fans), int(rng.expovariate(0.8)))))
    post.bookmarked = rng.random() < 0.03 and world.you in post.favourited_by
    return post


def plan_world(
    posts: int = 300, seed: int = 7, world: World = WORLD, *, media_share: float = 0.0
) -> WorldPlan:
    """Decide the whole world for ``posts`` statuses: the same ``seed`` gives the same world.

    Hand-written showcase posts (every feature once) are mixed into the newest part of the
    timeline; generated posts fill the rest. ``posts`` below the showcase size is raised
    to it, so the world never lacks a feature. ``media_share`` gives that share of the
    generated posts with text a picture as well (the benchmarks of inline previews: real
    timelines carry far more pictures than the demo's few); drawn from a generator of its
    own, so the rest of the world stays as seeded.
    """
    rng = random.Random(seed)  # nosec B311 - demo content, not security
    showcase = [replace(post) for post in world.showcase]
    fillers: list[PlannedPost] = []
    for index in range(max(0, posts - len(showcase))):
        fillers.append(_filler(rng, world, index, fillers))
    if media_share > 0:
        pictures = random.Random(seed + 1)  # nosec B311 - demo content
        for post in fillers:
            if post.text and not post.media and pictures.random() < media_share:
                post.media = (pictures.choice(world.chatter.media),)
    # The newest stretch interleaves showcase and filler posts, each keeping its order,
    # so replies and boosts always come after what they point at.
    recent = fillers[len(fillers) // 2 :][-len(showcase) :]
    old = fillers[: len(fillers) - len(recent)]
    merged: list[PlannedPost] = []
    queues = [showcase, list(recent)]
    while any(queues):
        live = [q for q in queues if q]
        merged.append(rng.choice(live).pop(0))
    return WorldPlan(world=world, posts=tuple(old + merged), seed=seed)
