"""Trending hashtags and links as lines for a list (the Explore screen).

A tag's name and a link's title, provider and description are remote text: each is
made safe (``clean_text``), kept as one isolated run inside tootui's sentences, and never
parsed as markup. A link's address is shown only when it is http(s).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tootui.api.entities import TrendingLink, TrendingTag
from tootui.i18n import _, localize_digits, ngettext
from tootui.render.display import isolate, laid_out_lines, sentence
from tootui.render.sanitize import clean_text, safe_url, shorten_url

NAME = Style(bold=True)
META = Style(dim=True)
LINK = Style(color="bright_blue", underline=True)
DESCRIPTION_LINES = 3  # a long description is cut: the page itself is one key away


def _usage(uses: int, accounts: int, days: int) -> Text | None:
    """How much: "12 posts by 5 people in the last 7 days"; None without a history."""
    if not days:
        return None
    digits = localize_digits
    return sentence(
        _("{posts} by {people} in {days}"),
        META,
        posts=ngettext("{n} post", "{n} posts", uses).format(n=digits(str(uses))),
        people=ngettext("{n} person", "{n} people", accounts).format(n=digits(str(accounts))),
        days=ngettext("the last {n} day", "the last {n} days", days).format(n=digits(str(days))),
    )


def tag_lines(tag: TrendingTag, width: int, *, bidi: bool) -> list[Text]:
    """A trending hashtag: its name, then how much it was used lately."""
    lines = laid_out_lines(
        Text("# ", META) + isolate(clean_text(tag.name, max_len=100), NAME), width, enabled=bidi
    )
    usage = _usage(tag.uses, tag.accounts, tag.days)
    if usage is not None:
        lines.extend(laid_out_lines(Text("  ") + usage, width, enabled=bidi))
    return lines


def link_lines(link: TrendingLink, width: int, *, bidi: bool) -> list[Text]:
    """A trending link: its title, where it is from, what it says it is, how often shared."""
    url = safe_url(link.url)
    title = clean_text(link.title, max_len=300) or (shorten_url(url) if url else "")
    lines = laid_out_lines(Text("🔗 ", META) + isolate(title, NAME), width, enabled=bidi)
    source = Text("  ", META)
    provider = clean_text(link.provider_name, max_len=80)
    if provider:
        source.append_text(isolate(provider, META))
    if url:
        if provider:
            source.append(" · ", META)
        source.append(shorten_url(url), LINK + Style(link=url))
    if source.plain.strip():
        lines.extend(laid_out_lines(source, width, enabled=bidi))
    description = clean_text(link.description, max_len=600)
    if description:
        # the page's own words, in their own direction, as a post's text is laid out
        wrapped = laid_out_lines(Text(description, META), width, enabled=bidi, base="own")
        lines.extend(wrapped[:DESCRIPTION_LINES])
    usage = _usage(link.uses, link.accounts, link.days)
    if usage is not None:
        lines.extend(laid_out_lines(Text("  ") + usage, width, enabled=bidi))
    return lines
