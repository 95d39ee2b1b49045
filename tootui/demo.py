"""A local demo server with a small, believable world, for ``tootui --demo`` and benchmarks.

It runs mastodon-mock in a thread on 127.0.0.1 with a throwaway database. The bulk of the
world is written straight into the mock's database through its own ORM models (posting
300 statuses over HTTP takes too long); only media go through the HTTP API, so the
files really exist and are served. Nothing leaves the machine: every link points at
example.org and is never fetched.

Run ``python -m tootui.demo --port N --posts 600`` to serve it for another process; it
prints ``BASE_URL TOKEN`` on one line and serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import logging
import random
import secrets
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from mastodon import Mastodon
from mastodon_mock.config import (
    DatabaseConfig,
    MastodonMockConfig,
    SeedAccount,
    SeedConfig,
    StreamingConfig,
)

DEMO_USERNAME = "demo"
DEMO_TITLE = "tootui demo"
DEMO_DESCRIPTION = (
    "A pretend Mastodon server that lives inside tootui. Everything here is made up, "
    "runs on 127.0.0.1 and disappears when tootui quits."
)
DEMO_RULES = [
    "Be kind. Disagree with ideas, not with people.",
    "Put a content warning on spoilers, politics and food photos.",
    "Describe your images with alt text.",
    "No spam, no ads, no automated posting without the bot flag.",
]


# --- the people ---------------------------------------------------------------------


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


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(
        DEMO_USERNAME,
        "Robin (demo)",
        "This is you. Try j/k to move, Enter to open a thread, ? for help.",
        (("Pronouns", "they/them"), ("Website", "https://example.org/robin")),
        locked=True,
    ),
    DemoPerson(
        "layla",
        "ليلى حداد",
        "مهندسة برمجيات في عمّان. Software engineer, tea person, occasional #typography nerd.",
        (("المدينة", "عمّان"), ("Website", "https://example.org/layla")),
        language="ar",
    ),
    DemoPerson(
        "dariush",
        "داریوش رضایی",
        "عکاس خیابانی در تهران. Street photographer. Film and digital. 📷",
        (("Portfolio", "https://example.org/dariush"), ("Camera", "Olympus OM-1")),
        language="fa",
    ),
    DemoPerson(
        "noa",
        "נועה לוי",
        "עיתונאית, חיפה. Journalist covering cities, transit and climate.",
        (("Pronouns", "she/her"), ("Newsletter", "https://example.org/noa/letters")),
        language="he",
    ),
    DemoPerson(
        "haruki",
        "佐藤 春樹",
        "東京でゲームを作っています。Indie game dev, pixel art, ramen reviews.",
        (("Games", "https://example.org/haruki/games"), ("Timezone", "JST (UTC+9)")),
        language="ja",
    ),
    DemoPerson(
        "maya",
        "Maya Okafor",
        "Terminal apps, Python, accessibility. Maintainer of too many side projects.",
        (("Pronouns", "she/her"), ("Code", "https://example.org/maya/code")),
    ),
    DemoPerson(
        "tom",
        "Tom Becker",
        "Film critic by night, bread baker by morning. Spoilers always behind a CW.",
        (("Reviews", "https://example.org/tom/reviews"),),
    ),
    DemoPerson(
        "weatherbot",
        "Harbour Weather Bot",
        "Automated weather for the harbour, every few hours. Run by @maya.",
        (("Operator", "@maya"),),
        bot=True,
    ),
    DemoPerson(
        "kai",
        "Kai Tanaka-Smith",
        "New here! Ceramics, hiking, slow mornings. Posts are followers-only.",
        (("Location", "somewhere with hills"),),
        locked=True,
    ),
)

# Who follows whom (follower, followed). The demo account follows everyone but kai,
# whom it has asked to follow (kai is locked); kai has asked to follow demo.
_FOLLOWS: tuple[tuple[str, str], ...] = (
    *((DEMO_USERNAME, p.username) for p in PEOPLE if p.username not in (DEMO_USERNAME, "kai")),
    ("layla", DEMO_USERNAME),
    ("noa", DEMO_USERNAME),
    ("maya", DEMO_USERNAME),
    ("tom", DEMO_USERNAME),
    ("haruki", DEMO_USERNAME),
    ("layla", "maya"),
    ("maya", "layla"),
    ("maya", "tom"),
    ("tom", "maya"),
    ("noa", "layla"),
    ("dariush", "haruki"),
    ("haruki", "dariush"),
    ("maya", "weatherbot"),
    ("kai", "dariush"),
)
_FOLLOW_REQUESTS: tuple[tuple[str, str], ...] = (("kai", DEMO_USERNAME), (DEMO_USERNAME, "kai"))
# Follows that are recent enough to show up as notifications for the demo account.
_FOLLOW_NOTIFIED = ("haruki", "tom")


# --- the posts ------------------------------------------------------------------------


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
class WorldPlan:
    """Everything the demo world holds, decided up front and deterministic for a seed."""

    people: tuple[DemoPerson, ...]
    posts: tuple[PlannedPost, ...]  # oldest first
    seed: int


_ENGLISH_OPENERS = (
    "",
    "",
    "",
    "Hot take:",
    "Small win today:",
    "Today I learned that",
    "Quick update:",
    "It turns out",
    "Honestly,",
    "PSA:",
)
_ENGLISH_BODIES = (
    "the config loader no longer guesses where files live.",
    "the fog lifted off the harbour just as the ferry came in.",
    "the best debugging tool is still a good night's sleep.",
    "the sourdough starter survived the heatwave, barely.",
    "keyboard shortcuts are only discoverable if the help screen is one key away.",
    "the library has a whole shelf of old train timetables and I am delighted.",
    "the new tram line cut my commute from forty minutes to fifteen.",
    "right-to-left text in a terminal is a lot harder than it looks.",
    "rain on a tin roof is the best background noise for writing.",
    "three of my plants decided to bloom in the same week.",
    "nobody reads the changelog, so I wrote it as a short story.",
    "reading a paper book on the bus feels like time travel.",
    "the cat has claimed the warm corner of the desk, so I work from the couch now.",
    "a test that needs sleep() to pass is telling you something.",
    "my favourite bakery now sells cardamom buns on Sundays.",
    "I fixed a bug by deleting 200 lines of code and nothing else.",
    "the night market is back, and the dumpling stall has a queue around the block.",
    "writing the error message first makes the feature better.",
    "my bike's back tyre has been flat for a week and I keep walking instead.",
    "a second monitor did less for my focus than closing the chat app.",
    "the old cinema downtown is showing silent films with a live pianist.",
    "I finally understand why people love mechanical keyboards. The sound!",
    "the river path is flooded again, so everyone is cycling on the main road.",
    "half of accessibility work is just reading the screen with your eyes closed.",
    "I timed it: the kettle takes exactly as long as one code review comment.",
    "the neighbour's kid taught me three new card games and beat me at all of them.",
    "our team replaced the weekly meeting with a shared doc and nobody misses it.",
    "the first cold morning of the year always smells like wood smoke.",
)
_ENGLISH_QUESTIONS = (
    "What is the one tool you would never give up?",
    "Does anyone have a good recipe for rye bread without a starter?",
    "Which terminal font do you use, and why?",
    "Is there a podcast about city planning that isn't two hours long?",
    "What are you reading this week?",
    "Any tips for photographing in the rain?",
)
_ENGLISH_CLOSERS = (
    "",
    "",
    "Anyway, back to work.",
    "More on this later.",
    "Ten out of ten, would do again.",
    "Tell me I'm not the only one.",
    "😅",
    "🌊",
    "☕",
)
_HASHTAGS = {
    "maya": ("#python", "#terminal", "#accessibility", "#tootui"),
    "tom": ("#film", "#bread", "#cinema"),
    "layla": ("#typography", "#python", "#i18n"),
    "noa": ("#cities", "#transit", "#climate"),
    "haruki": ("#gamedev", "#pixelart", "#ramen"),
    "dariush": ("#photography", "#filmphotography"),
    "weatherbot": ("#weather",),
    DEMO_USERNAME: ("#tootui", "#fediverse", "#introductions"),
}
_LINK_SLUGS = (
    "blog/terminal-colours",
    "notes/unicode-bidi",
    "articles/tram-line-opening",
    "recipes/cardamom-buns",
    "reviews/the-long-night",
    "photos/harbour-fog",
    "talks/keyboard-first",
    "docs/getting-started?ref=demo",
)
_ARABIC = (
    "صباح الخير من عمّان! الجو اليوم بارد قليلاً، 12 درجة فقط.",
    "أعمل على دعم النصوص من اليمين إلى اليسار في تطبيق terminal صغير.",
    "قرأت مقالاً جميلاً عن الخطوط العربية: https://example.org/ar/khatt",
    "هل جربتم Python 3.13؟ التحسينات في رسائل الأخطاء رائعة.",
    "الشاي بالنعناع بعد الظهر عادة لا أتخلى عنها. #شاي",
    "اجتماع المطورين القادم يوم الخميس الساعة 7 مساءً.",
)
_PERSIAN = (
    "امروز صبح مه روی شهر نشسته بود و عکس‌های خوبی گرفتم.",
    "یک حلقه فیلم سیاه و سفید ۳۶ تایی تمام شد. فردا ظاهرش می‌کنم.",
    "نور عصر پاییز در کوچه‌های قدیمی چیز دیگری است. #عکاسی",
    "کسی کتاب خوبی درباره‌ی عکاسی خیابانی می‌شناسد؟",
    "چای و نان تازه، بهترین شروع برای یک روز کاری.",
)
_HEBREW = (
    "בוקר טוב מחיפה! הכרמלית חזרה לפעול אחרי השיפוץ.",
    "כתבתי היום על תחבורה ציבורית בשבת. הקישור בתגובה הבאה.",
    "קו הרכבת החדש ייפתח בעוד 3 חודשים, לפי ההודעה של העירייה.",
    "מישהו יודע איפה אפשר למצוא קפה טוב ליד הנמל?",
    "הגשם הראשון של העונה, סוף סוף. #חורף",
)
_JAPANESE = (
    "今日は新しいドット絵のキャラクターを描きました。",
    "ラーメン屋の新メニュー、味噌バターが最高でした🍜",
    "ゲームのデモ版をやっと公開できました！感想をお待ちしています。",
    "東京は今日も雨。コーヒーを飲みながらコードを書いています。",
    "キーボードだけで操作できるアプリが好きです。 #tootui",
)
_FOREIGN = {"ar": _ARABIC, "fa": _PERSIAN, "he": _HEBREW, "ja": _JAPANESE}
_AUTHOR_OF_LANGUAGE = {"ar": "layla", "fa": "dariush", "he": "noa", "ja": "haruki"}
_FILLER_AUTHORS = ("maya", "tom", "layla", "noa", "haruki", "dariush", "weatherbot", DEMO_USERNAME)
_FILLER_WEIGHTS = (5, 5, 4, 4, 3, 3, 2, 2)


def _showcase() -> list[PlannedPost]:
    """The hand-written posts that make sure every feature has something to show."""
    p = PlannedPost
    long_maya = (
        "A few notes after a week of building a keyboard-first app. First, every action "
        "needs a key, and every key needs to be visible somewhere, or nobody finds it. "
        "Second, the help screen is part of the product, not an afterthought. Third, "
        "timelines must never jump while you read: new posts wait above until you ask. "
        "Fourth, right-to-left text deserves real tests, not a shrug. Fifth, a slow "
        "network is normal, so say what is happening. #tootui #terminal"
    )
    arabic_long = (
        "ملاحظات من ورشة العمل اليوم عن دعم اللغة العربية في تطبيقات الـ terminal:\n\n"
        "أولاً، اتجاه النص: الفقرة العربية تبدأ من اليمين، لكن كلمات مثل Python أو "
        "Unicode تبقى من اليسار إلى اليمين داخلها. الأرقام مثل 2026 و 3.14 أيضاً.\n\n"
        "ثانياً، لا تقطعوا السطر في منتصف الكلمة، ولا تعكسوا الأحرف يدوياً.\n\n"
        "الشرائح هنا: https://example.org/ar/rtl-workshop #عربي #i18n"
    )
    hebrew_long = (
        "שלושה דברים שלמדתי השבוע על תחבורה בעיר:\n\n"
        "1. אנשים ילכו 10 דקות לתחנה טובה, אבל לא 3 דקות לתחנה מבלבלת.\n"
        "2. שילוט בעברית, ערבית ואנגלית הוא לא מותרות.\n"
        "3. רכבת שמגיעה כל 6 דקות משנה הרגלים. #תחבורה"
    )
    return [
        p("hello", DEMO_USERNAME, "Hello, fediverse! Trying out a terminal client today. #tootui"),
        # Thread 1: four deep, several people.
        p(
            "t1",
            "maya",
            "What should a terminal Mastodon client do first: threads, notifications or "
            "search? I have opinions but I want yours. #tootui",
            favourited_by=(DEMO_USERNAME, "tom", "layla"),
        ),
        p(
            "t1r1",
            "tom",
            "@maya Threads. Reading a conversation is the whole point.",
            reply_to="t1",
        ),
        p(
            "t1r2",
            "maya",
            "@tom Fair, but notifications are how you find the threads in the first place.",
            reply_to="t1r1",
        ),
        p(
            "t1r3",
            "layla",
            "@maya @tom Both, and make sure Arabic names don't break the layout 🙂",
            reply_to="t1r2",
            favourited_by=("maya",),
        ),
        p(
            "t1r4",
            DEMO_USERNAME,
            "@layla @maya Seconded. And search can wait a week.",
            reply_to="t1r3",
        ),
        # Thread 2: Arabic, with the demo account mentioned.
        p("t2", "layla", _ARABIC[1] + " #عربي", language="ar"),
        p("t2r1", DEMO_USERNAME, "@layla That sounds great! Is the code public?", reply_to="t2"),
        p(
            "t2r2",
            "layla",
            "@demo نعم، الرابط هنا: https://example.org/layla/rtl — feedback welcome!",
            reply_to="t2r1",
            language="ar",
        ),
        p(
            "t2r3",
            "noa",
            "@layla @demo אני רוצה לנסות את זה עם עברית!",
            reply_to="t2r2",
            language="he",
        ),
        # Thread 3: spoilers behind content warnings.
        p(
            "t3",
            "tom",
            "So the lighthouse keeper was the narrator all along, and the storm never happened. "
            "I did not see that coming. #film",
            spoiler_text="spoilers: film ending",
            favourited_by=("haruki",),
        ),
        p(
            "t3r1",
            "haruki",
            "@tom The clue was the clock in the first scene! It never moves.",
            spoiler_text="spoilers: film ending",
            reply_to="t3",
        ),
        p(
            "t3r2",
            "tom",
            "@haruki Oh no. Now I have to watch it again.",
            reply_to="t3r1",
        ),
        # Content warnings.
        p(
            "cw_politics",
            "noa",
            "The city council voted 7 to 4 to fund the night buses for another year. "
            "Full story: https://example.org/noa/night-buses",
            spoiler_text="politics",
            favourited_by=(DEMO_USERNAME,),
        ),
        p(
            "cw_food",
            "tom",
            "Saturday bake: rye with caraway and far too much butter. #bread",
            spoiler_text="food",
            sensitive=True,
            media=("A dark round rye loaf on a wooden board, one slice cut.",),
        ),
        p(
            "cw_health",
            "maya",
            "Taking a week off screens. Burnout is real, look after yourselves. 💙",
            spoiler_text="mental health",
        ),
        # Polls.
        p(
            "poll_open",
            "maya",
            "Tabs or spaces in a config file?",
            poll=PlannedPoll(
                ("Tabs", "Spaces", "Whatever the formatter says"),
                votes={"tom": (1,), "layla": (2,), "noa": (2,)},
            ),
        ),
        p(
            "poll_multi",
            "haruki",
            "Which platforms should my game support? Pick all that apply. #gamedev",
            poll=PlannedPoll(
                ("Linux", "Windows", "macOS", "Handheld"),
                multiple=True,
                votes={DEMO_USERNAME: (0, 3), "dariush": (1,), "maya": (0, 2)},
            ),
        ),
        p(
            "poll_closed",
            "tom",
            "Best film snack?",
            poll=PlannedPoll(
                ("Popcorn", "Nachos", "Chocolate", "Nothing, I'm watching"),
                expired=True,
                votes={DEMO_USERNAME: (0,), "maya": (2,), "haruki": (0,), "noa": (3,)},
            ),
        ),
        p(
            "poll_mine",
            DEMO_USERNAME,
            "Which timeline do you read first in the morning?",
            poll=PlannedPoll(
                ("Home", "Local", "Notifications", "None, coffee first"),
                multiple=True,
                expired=True,
                votes={"maya": (0, 2), "layla": (3,), "tom": (0,)},
            ),
        ),
        # Media, with and without alt text.
        p(
            "photo_alt",
            "dariush",
            "مه صبحگاهی روی بندر. Morning fog over the harbour. #photography",
            language="fa",
            media=("Fishing boats in thick morning fog, only their masts visible.",),
            favourited_by=(DEMO_USERNAME, "haruki", "maya"),
            bookmarked=True,
        ),
        p(
            "photo_two",
            "dariush",
            "Two frames from the same corner, ten minutes apart. #photography",
            media=(
                "A narrow alley in warm evening light, a cat on a doorstep.",
                "The same alley in blue dusk light, the doorstep now empty.",
            ),
        ),
        p("photo_noalt", "layla", "الشاي جاهز ☕", language="ar", media=(None,)),
        p(
            "chart_noalt",
            "weatherbot",
            "Harbour, 06:00: 11°C, wind NW 18 km/h, fog clearing by 10:00.",
            media=(None,),
        ),
        # Long posts and other languages.
        p("long_en", "maya", long_maya, favourited_by=(DEMO_USERNAME, "layla"), bookmarked=True),
        p("long_ar", "layla", arabic_long, language="ar", favourited_by=(DEMO_USERNAME,)),
        p("long_he", "noa", hebrew_long, language="he"),
        p("fa1", "dariush", _PERSIAN[2], language="fa"),
        p("ja1", "haruki", _JAPANESE[2] + " https://example.org/haruki/demo", language="ja"),
        p("ja2", "haruki", _JAPANESE[0], language="ja"),
        # Visibilities.
        p(
            "unlisted",
            "tom",
            "Unlisted thought: cinema seats should have cup holders.",
            visibility="unlisted",
        ),
        p(
            "private",
            "maya",
            "Followers only: the new release goes out on Friday, please don't share yet.",
            visibility="private",
        ),
        p(
            "dm_in",
            "layla",
            "@demo Are you coming to the meetup on Thursday? I saved you a seat.",
            visibility="direct",
        ),
        p(
            "dm_out",
            DEMO_USERNAME,
            "@layla Yes! See you there.",
            visibility="direct",
            reply_to="dm_in",
        ),
        # An edited post, and the demo account's own posts that others react to.
        p(
            "edited",
            "maya",
            "Release 2.0 is out! Changelog: https://example.org/maya/code/changelog #python",
            previous_text="Release 2.0 is out! Changleog: https://example.org/maya/code/changlog",
            favourited_by=("tom",),
        ),
        p(
            "mine_q",
            DEMO_USERNAME,
            "Question for @maya and @tom: what is your favourite keyboard shortcut?",
            favourited_by=("maya", "tom", "layla"),
        ),
        p("mine_r", "maya", "@demo `g h` to go home. Always.", reply_to="mine_q"),
        p(
            "mine_note",
            DEMO_USERNAME,
            "Note to self: the demo server lives on 127.0.0.1 and forgets everything on exit.",
            visibility="unlisted",
            favourited_by=("noa",),
        ),
        # Boosts.
        p("b1", DEMO_USERNAME, boost_of="long_ar"),
        p("b2", "maya", boost_of="mine_q"),
        p("b3", "layla", boost_of="photo_alt"),
        p("b4", "noa", boost_of="hello"),
        p("b5", DEMO_USERNAME, boost_of="edited"),
        p("b6", "tom", boost_of="t1"),
        p("mention_late", "noa", "@demo thanks for the follow! Welcome to the harbour 👋"),
    ]


def _english_text(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(_ENGLISH_QUESTIONS)
    opener, body = rng.choice(_ENGLISH_OPENERS), rng.choice(_ENGLISH_BODIES)
    text = f"{opener} {body}" if opener else body[0].upper() + body[1:]
    closer = rng.choice(_ENGLISH_CLOSERS)
    return f"{text} {closer}" if closer else text


def _long_english(rng: random.Random, author: str) -> str:
    paragraphs: list[str] = []
    while sum(len(x) + 2 for x in paragraphs) < 380:
        paragraphs.append(" ".join(_english_text(rng) for _ in range(2)))
    text = "\n\n".join(paragraphs)
    return text[:470].rsplit(" ", 1)[0] + "… " + rng.choice(_HASHTAGS[author])


def _filler(rng: random.Random, index: int, earlier: list[PlannedPost]) -> PlannedPost:
    """One ordinary post, drawn at random but from the seeded generator only."""
    author = rng.choices(_FILLER_AUTHORS, weights=_FILLER_WEIGHTS)[0]
    post = PlannedPost(ref=f"gen{index}", author=author)
    roll = rng.random()
    originals = [p for p in earlier[-60:] if p.boost_of is None and p.visibility == "public"]
    if roll < 0.10 and originals and author != "weatherbot":
        target = rng.choice(originals)
        if target.author != author:
            post.boost_of = target.ref
            post.language = None
            return post
    if roll < 0.22 and originals and author != "weatherbot":
        parent = rng.choice(originals[-20:])
        post.reply_to = parent.ref
        post.text = f"@{parent.author} " if parent.author != author else ""
    if author in _AUTHOR_OF_LANGUAGE.values() and rng.random() < 0.45:
        language = next(k for k, v in _AUTHOR_OF_LANGUAGE.items() if v == author)
        post.language = language
        post.text += " ".join(rng.sample(_FOREIGN[language], k=rng.randint(1, 2)))
    elif author == "weatherbot":
        post.text += (
            f"Harbour, {rng.randint(0, 23):02d}:00: {rng.randint(4, 24)}°C, "
            f"wind {rng.choice(('N', 'NE', 'SW', 'W'))} {rng.randint(3, 40)} km/h. "
            f"https://example.org/weather/harbour"
        )
    elif rng.random() < 0.06:
        post.text += _long_english(rng, author)
    else:
        post.text += _english_text(rng)
        extra = rng.random()
        if extra < 0.15:
            post.text += f" https://example.org/{rng.choice(_LINK_SLUGS)}"
        elif extra < 0.35:
            post.text += " " + " ".join(rng.sample(_HASHTAGS[author], k=1 + (rng.random() < 0.3)))
        elif extra < 0.42 and post.reply_to is None:
            other = rng.choice([p.username for p in PEOPLE if p.username not in (author, "kai")])
            post.text += f" cc @{other}"
    kind = rng.random()
    if kind < 0.04:
        post.spoiler_text = rng.choice(("spoilers", "food", "politics", "long post", "eye contact"))
    elif kind < 0.09:
        post.visibility = "unlisted"
    elif kind < 0.13:
        post.visibility = "private"
    elif kind < 0.16 and author != "weatherbot":
        post.media = (rng.choice((None, "A blurry photo of the harbour at dusk.")),)
    fans = [p.username for p in PEOPLE if p.username not in (author, "kai", "weatherbot")]
    post.favourited_by = tuple(rng.sample(fans, k=min(len(fans), int(rng.expovariate(0.8)))))
    post.bookmarked = rng.random() < 0.03 and DEMO_USERNAME in post.favourited_by
    return post


def plan_world(posts: int = 300, seed: int = 7) -> WorldPlan:
    """Decide the whole world for ``posts`` statuses: the same ``seed`` gives the same world.

    Hand-written showcase posts (every feature once) are mixed into the newest part of the
    timeline; generated posts fill the rest. ``posts`` below the showcase size is raised
    to it, so the world never lacks a feature.
    """
    rng = random.Random(seed)  # nosec B311 - demo content, not security
    showcase = _showcase()
    fillers: list[PlannedPost] = []
    for index in range(max(0, posts - len(showcase))):
        fillers.append(_filler(rng, index, fillers))
    # The newest stretch interleaves showcase and filler posts, each keeping its order,
    # so replies and boosts always come after what they point at.
    recent = fillers[len(fillers) // 2 :][-len(showcase) :]
    old = fillers[: len(fillers) - len(recent)]
    merged: list[PlannedPost] = []
    queues = [list(showcase), list(recent)]
    while any(queues):
        live = [q for q in queues if q]
        merged.append(rng.choice(live).pop(0))
    return WorldPlan(people=PEOPLE, posts=tuple(old + merged), seed=seed)


def build_world_config(
    domain: str = "127.0.0.1", *, tokens: dict[str, str] | None = None
) -> MastodonMockConfig:
    """The mastodon-mock config for the demo instance: title, rules, accounts with tokens.

    Posts are not part of it (see ``plan_world``/``seed_world``): the mock's own seeding
    writes one row at a time and cannot express polls, media, boosts or timestamps.
    """
    tokens = tokens or {}
    return MastodonMockConfig(
        domain=domain,
        url_scheme="http",
        title=DEMO_TITLE,
        description=DEMO_DESCRIPTION,
        email="nobody@example.org",
        rules=list(DEMO_RULES),
        registrations_enabled=False,
        database=DatabaseConfig(path=":memory:"),
        # A short heartbeat lets stop() finish quickly while a client is streaming.
        streaming=StreamingConfig(heartbeat_seconds=1.0),
        seed=SeedConfig(
            accounts=[
                SeedAccount(
                    username=p.username,
                    display_name=p.display_name,
                    note=p.note,
                    locked=p.locked,
                    bot=p.bot,
                    access_token=tokens.get(p.username),
                    email=f"{p.username}@example.org",
                )
                for p in PEOPLE
            ]
        ),
    )


# --- writing the world into the mock --------------------------------------------------


def tiny_png(
    width: int, height: int, rgb: tuple[int, int, int], stripe: tuple[int, int, int]
) -> bytes:
    """A small valid PNG: a solid colour with a diagonal stripe, made without any library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(stripe if abs(x - y * width // height) < 3 else rgb)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


_PALETTE = (
    ((96, 125, 139), (236, 239, 241)),
    ((200, 140, 70), (90, 50, 20)),
    ((40, 60, 110), (250, 210, 120)),
    ((120, 170, 120), (30, 60, 30)),
)


def _upload_media(base_url: str, tokens: dict[str, str], plan: WorldPlan) -> dict[str, list[int]]:
    """Upload one small PNG per image of the plan's media posts, through the media API.

    Generated filler posts reuse the files uploaded for the showcase, so the number of
    HTTP requests stays small however many posts the world has.
    """
    uploads: dict[str, list[int]] = {}
    clients: dict[str, Mastodon] = {}
    count = 0
    for post in plan.posts:
        if not post.media or post.ref.startswith("gen"):
            continue
        api = clients.get(post.author)
        if api is None:
            api = Mastodon(
                api_base_url=base_url,
                access_token=tokens[post.author],
                version_check_mode="none",
                request_timeout=10,
            )
            clients[post.author] = api
        ids: list[int] = []
        for alt in post.media:
            rgb, stripe = _PALETTE[count % len(_PALETTE)]
            count += 1
            media = api.media_post(
                tiny_png(64, 48, rgb, stripe),
                mime_type="image/png",
                description=alt,
                file_name=f"{post.ref}.png",
            )
            ids.append(int(media["id"]))
        uploads[post.ref] = ids
    return uploads


def seed_world(
    session_factory: Any,
    plan: WorldPlan,
    uploads: dict[str, list[int]],
    *,
    now: datetime | None = None,
) -> dict[str, int]:
    """Write ``plan`` into the mock's database in one transaction; return ref -> status id."""
    from mastodon_mock.content_format import render_status_html
    from mastodon_mock.db.models import (
        Account,
        Bookmark,
        Favourite,
        MediaAttachment,
        Notification,
        Poll,
        PollOption,
        PollVote,
        Relationship,
        Status,
        StatusMention,
        StatusTag,
    )
    from mastodon_mock.ids import next_id
    from mastodon_mock.services import _MENTION_RE, parse_hashtags
    from sqlalchemy import select

    now = now or datetime.now(UTC)
    rng = random.Random(plan.seed)  # nosec B311 - timestamps only
    with session_factory() as session:
        accounts = {a.username: a for a in session.scalars(select(Account)).all()}
        demo_id = accounts[DEMO_USERNAME].id
        for person in plan.people:
            account = accounts[person.username]
            account.fields = [
                {"name": n, "value": v, "verified_at": None} for n, v in person.fields
            ]
            account.default_language = person.language
            account.created_at = now - timedelta(days=400 + 37 * len(account.username))

        rows: list[Any] = []
        notes: list[Notification] = []

        def notify(
            recipient: int, actor: int, kind: str, when: datetime, status: int | None = None
        ) -> None:
            if recipient != actor:
                notes.append(
                    Notification(
                        id=next_id(),
                        account_id=recipient,
                        from_account_id=actor,
                        type=kind,
                        status_id=status,
                        created_at=when,
                    )
                )

        edges: dict[tuple[int, int], Relationship] = {}

        def edge(source: int, target: int) -> Relationship:
            if (source, target) not in edges:
                edges[source, target] = Relationship(
                    id=next_id(), source_account_id=source, target_account_id=target
                )
            return edges[source, target]

        for follower, followed in _FOLLOWS:
            edge(accounts[follower].id, accounts[followed].id).following = True
            edge(accounts[followed].id, accounts[follower].id).followed_by = True
        for follower, followed in _FOLLOW_REQUESTS:
            edge(accounts[follower].id, accounts[followed].id).requested = True
            edge(accounts[followed].id, accounts[follower].id).requested_by = True
        rows.extend(edges.values())
        start = now - timedelta(hours=2)
        for name in _FOLLOW_NOTIFIED:
            notify(demo_id, accounts[name].id, "follow", start - timedelta(minutes=len(name)))
        notify(demo_id, accounts["kai"].id, "follow_request", start)

        # Timestamps run from the oldest post forwards, 2-45 minutes apart.
        gaps = [rng.randint(2, 45) for _ in plan.posts]
        when = now - timedelta(minutes=sum(gaps) + 1)
        ids: dict[str, int] = {}
        statuses: dict[str, Status] = {}
        for post, gap in zip(plan.posts, gaps, strict=True):
            when += timedelta(minutes=gap)
            author = accounts[post.author]
            status = Status(
                id=next_id(),
                account_id=author.id,
                text=post.text,
                content=render_status_html(post.text) if post.text else "",
                created_at=when,
                visibility=post.visibility,
                spoiler_text=post.spoiler_text,
                sensitive=post.sensitive or bool(post.spoiler_text),
                language=post.language,
                edit_history=[],
            )
            ids[post.ref] = status.id
            statuses[post.ref] = status
            rows.append(status)
            if post.boost_of is not None:
                original = statuses[post.boost_of]
                status.reblog_of_id = original.id
                status.visibility = "public"
                notify(original.account_id, author.id, "reblog", when, original.id)
                continue
            if post.reply_to is not None:
                parent = statuses[post.reply_to]
                status.in_reply_to_id = parent.id
                status.in_reply_to_account_id = parent.account_id
            if post.previous_text is not None:
                status.edit_history = [
                    {
                        "content": render_status_html(post.previous_text),
                        "spoiler_text": post.spoiler_text,
                        "sensitive": status.sensitive,
                        "created_at": when.isoformat(),
                    }
                ]
                status.edited_at = when + timedelta(minutes=4)
                if any(p.boost_of == post.ref and p.author == DEMO_USERNAME for p in plan.posts):
                    notify(demo_id, author.id, "update", status.edited_at, status.id)
            mentioned = {m for m in _MENTION_RE.findall(post.text) if m in accounts}
            for username in sorted(mentioned - {post.author}):
                rows.append(
                    StatusMention(
                        id=next_id(), status_id=status.id, account_id=accounts[username].id
                    )
                )
                notify(accounts[username].id, author.id, "mention", when, status.id)
            for tag in parse_hashtags(post.text):
                rows.append(StatusTag(id=next_id(), status_id=status.id, name=tag))
            for fan in post.favourited_by:
                liked = when + timedelta(minutes=1 + len(fan))
                rows.append(
                    Favourite(
                        id=next_id(),
                        account_id=accounts[fan].id,
                        status_id=status.id,
                        created_at=liked,
                    )
                )
                notify(author.id, accounts[fan].id, "favourite", liked, status.id)
            if post.bookmarked:
                rows.append(
                    Bookmark(id=next_id(), account_id=demo_id, status_id=status.id, created_at=when)
                )
            if post.poll is not None:
                expires = when + (timedelta(hours=1) if post.poll.expired else timedelta(days=3))
                poll = Poll(
                    id=next_id(),
                    status_id=status.id,
                    expires_at=expires,
                    multiple=post.poll.multiple,
                    expired=post.poll.expired,
                )
                rows.append(poll)
                status.poll_id = poll.id
                for position, title in enumerate(post.poll.options):
                    rows.append(
                        PollOption(id=next_id(), poll_id=poll.id, position=position, title=title)
                    )
                for voter, choices in post.poll.votes.items():
                    for choice in choices:
                        rows.append(
                            PollVote(
                                id=next_id(),
                                poll_id=poll.id,
                                account_id=accounts[voter].id,
                                option_position=choice,
                            )
                        )
                if post.poll.expired and (
                    DEMO_USERNAME in post.poll.votes or post.author == DEMO_USERNAME
                ):
                    # Mastodon tells voters (and the author) when a poll ends.
                    notes.append(
                        Notification(
                            id=next_id(),
                            account_id=demo_id,
                            from_account_id=author.id,
                            type="poll",
                            status_id=status.id,
                            created_at=expires,
                        )
                    )
        session.add_all(rows)
        session.flush()
        _attach_media(session, MediaAttachment, plan, ids, uploads, accounts)
        # Notifications are added in time order, so their ids sort like their times.
        notes.sort(key=lambda n: n.created_at)
        for note in notes:
            note.id = next_id()
        session.add_all(notes)
        session.commit()
    return ids


def _attach_media(
    session: Any,
    media_model: Any,
    plan: WorldPlan,
    ids: dict[str, int],
    uploads: dict[str, list[int]],
    accounts: dict[str, Any],
) -> None:
    """Attach uploaded files to their posts; generated posts get copies of those files."""
    uploaded = [
        session.get(media_model, media_id) for refs in uploads.values() for media_id in refs
    ]
    for media in uploaded:
        media.meta = {
            "original": {"width": 64, "height": 48, "size": "64x48", "aspect": 64 / 48},
            "small": {"width": 64, "height": 48, "size": "64x48", "aspect": 64 / 48},
        }
    by_ref = {
        ref: [session.get(media_model, m) for m in media_ids] for ref, media_ids in uploads.items()
    }
    for position, post in enumerate(plan.posts):
        if not post.media:
            continue
        if post.ref in by_ref:
            for media in by_ref[post.ref]:
                media.status_id = ids[post.ref]
            continue
        if not uploaded:
            continue
        source = uploaded[position % len(uploaded)]
        for alt in post.media:
            session.add(
                media_model(
                    account_id=accounts[post.author].id,
                    status_id=ids[post.ref],
                    type="image",
                    url=source.url,
                    preview_url=source.preview_url,
                    description=alt,
                    blurhash=source.blurhash,
                    meta=source.meta,
                    filename=source.filename,
                )
            )


# --- the running server -----------------------------------------------------------------

STOP_GRACE = 0.2
"""Seconds ``DemoServer.stop()`` lets requests in flight finish before it stops waiting."""

_SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "asyncio")


class _ShutdownNoise(logging.Filter):
    """Drops what a stopping demo server's thread logs (client disconnects, cancelled
    streams), and nothing from any other thread, so other servers in the process still speak.
    """

    def __init__(self) -> None:
        super().__init__()
        self._threads: set[int] = set()
        self._installed = False

    def silence(self, thread: threading.Thread) -> None:
        if thread.ident is not None:
            self._threads.add(thread.ident)
        if not self._installed:
            self._installed = True
            for name in _SERVER_LOGGERS:
                logging.getLogger(name).addFilter(self)

    def forget(self, thread: threading.Thread) -> None:
        self._threads.discard(thread.ident or 0)

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread not in self._threads


_SHUTDOWN_NOISE = _ShutdownNoise()


def encode_link_headers() -> None:
    """Make mastodon-mock send ``Link`` headers a client can read for any path.

    mastodon-mock 0.6 builds its paging ``Link`` header from the decoded request path,
    so a page of ``/api/v1/timelines/tag/شاي`` fails on the server (headers are Latin-1)
    and a hashtag in Arabic or Japanese cannot be read in the demo. Real servers send the
    path percent-encoded; this does the same. Idempotent; the tests' servers use it too.
    """
    from urllib.parse import quote

    from mastodon_mock.routers import helpers

    original = getattr(helpers, "link_header")  # noqa: B009 - not in its __all__
    if getattr(original, "encodes_path", False):
        return

    def link_header(base_url: str, *args: Any, **kwargs: Any) -> Any:
        return original(quote(base_url, safe=":/%@"), *args, **kwargs)

    link_header.encodes_path = True  # type: ignore[attr-defined]
    setattr(helpers, "link_header", link_header)  # noqa: B010


class DemoServer:
    """A running demo instance: where it is, who you are on it, and how to stop it."""

    def __init__(self, *, posts: int = 300, seed: int = 7, port: int = 0) -> None:
        self.posts = posts
        self.seed = seed
        self._port = port
        self._tokens = {p.username: secrets.token_urlsafe(24) for p in PEOPLE}
        self._media_dir: tempfile.TemporaryDirectory[str] | None = None
        self._sock: socket.socket | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._app: Any = None
        self._clients: dict[str, Mastodon] = {}
        self.base_url = ""
        self.host = ""
        self.seed_seconds = 0.0
        self.status_ids: dict[str, int] = {}

    @property
    def token(self) -> str:
        """The demo account's access token."""
        return self._tokens[DEMO_USERNAME]

    @property
    def acct(self) -> str:
        """The demo account's full handle, with the host as the instance reports it."""
        return f"{DEMO_USERNAME}@{self.host}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> DemoServer:
        """Bind, start serving in a thread, and fill the world. Returns ``self``."""
        if self.running:
            return self
        import uvicorn
        from mastodon_mock.app import create_app

        started = time.perf_counter()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._port))
        port = sock.getsockname()[1]
        self.host = f"127.0.0.1:{port}"
        self.base_url = f"http://{self.host}"
        self._sock = sock
        self._media_dir = tempfile.TemporaryDirectory(prefix="tootui-demo-media-")
        encode_link_headers()
        config = build_world_config(self.host, tokens=self._tokens)
        config.media_storage_path = self._media_dir.name
        self._app = create_app(config)
        server = uvicorn.Server(
            uvicorn.Config(
                self._app,
                log_level="warning",
                server_header=False,
                timeout_graceful_shutdown=2,
            )
        )
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="tootui-demo-server", daemon=True
        )
        self._server, self._thread = server, thread
        try:
            thread.start()
            deadline = time.monotonic() + 10
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the demo server did not start")
                time.sleep(0.01)
            plan = plan_world(self.posts, self.seed)
            uploads = _upload_media(self.base_url, self._tokens, plan)
            self.status_ids = seed_world(self._app.state.session_factory, plan, uploads)
        except BaseException:
            self.stop()
            raise
        self.seed_seconds = time.perf_counter() - started
        return self

    def stop(self) -> None:
        """Stop serving and delete the world, at once and silently. Safe to call more than once.

        mastodon-mock's WebSocket handler never reads its socket, so it does not notice that a
        client has gone until it next has an event to send: a graceful shutdown would wait for
        it (uvicorn's ``timeout_graceful_shutdown``) and then cancel it, logging a traceback
        for each open stream. Requests get ``STOP_GRACE`` seconds to finish; then the server
        stops waiting, and what it logs while it ends is dropped.
        """
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            if thread is not None:
                _SHUTDOWN_NOISE.silence(thread)
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=STOP_GRACE)
            if server is not None:
                server.force_exit = True
            thread.join(timeout=5)
            if not thread.is_alive():
                _SHUTDOWN_NOISE.forget(thread)  # its id may be given to a new thread
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._app is not None:
            from mastodon_mock.app import dispose_app_resources

            dispose_app_resources(self._app)
            self._app = None
        if self._media_dir is not None:
            self._media_dir.cleanup()
            self._media_dir = None
        self._clients.clear()

    def token_for(self, username: str) -> str:
        """Any demo account's access token (for tests that act as someone else)."""
        return self._tokens[username]

    def post_as(self, username: str, text: str, **kwargs: Any) -> str:
        """Publish a post as ``username`` over the HTTP API; returns the new status id.

        ``kwargs`` go to Mastodon.py's ``status_post`` (visibility, spoiler_text, ...).
        """
        api = self._clients.get(username)
        if api is None:
            api = Mastodon(
                api_base_url=self.base_url,
                access_token=self._tokens[username],
                version_check_mode="none",
                request_timeout=10,
            )
            self._clients[username] = api
        return str(api.status_post(text, **kwargs)["id"])

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_demo_server(*, posts: int = 300, seed: int = 7, port: int = 0) -> DemoServer:
    """Start a demo server on 127.0.0.1 (``port=0``: any free port) with a seeded world."""
    return DemoServer(posts=posts, seed=seed, port=port).start()


def main(argv: Sequence[str] | None = None) -> int:
    """Serve a demo world for another process: print ``BASE_URL TOKEN``, serve until killed."""
    parser = argparse.ArgumentParser(
        prog="python -m tootui.demo", description="Serve the tootui demo world on 127.0.0.1."
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)"
    )
    parser.add_argument("--posts", type=int, default=300, help="how many posts (default: 300)")
    parser.add_argument(
        "--seed", type=int, default=7, help="random seed for the world (default: 7)"
    )
    args = parser.parse_args(argv)

    stopping = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with start_demo_server(posts=args.posts, seed=args.seed, port=args.port) as demo:
        print(f"{demo.base_url} {demo.token}", flush=True)
        print(f"seeded {args.posts} posts in {demo.seed_seconds:.2f}s", file=sys.stderr, flush=True)
        while not stopping.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
