"""Remote HTML and text -> safe ``rich.text.Text``: the only place that touches remote markup."""

from tootui.render.html import (
    Link,
    RenderedContent,
    extract_links,
    html_to_text,
    plain_to_text,
    render_html,
)
from tootui.render.sanitize import break_long_words, clean_text, safe_url, shorten_url

__all__ = [
    "Link",
    "RenderedContent",
    "break_long_words",
    "clean_text",
    "extract_links",
    "html_to_text",
    "plain_to_text",
    "render_html",
    "safe_url",
    "shorten_url",
]
