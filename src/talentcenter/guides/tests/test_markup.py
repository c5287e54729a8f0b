"""The guides' text format: what staff type can never become markup of its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from talentcenter.guides import markup


def test_headings_lists_emphasis_and_safe_links_render() -> None:
    html = markup.render(
        "## Who\n- **one** and *two*\n- [KBS](https://kbs.co.kr/a?b=1&c=2)\n\nText [[x.y]]",
        parameter_text=lambda name: f"<{name}>",
    )
    assert html == (
        "<h2>Who</h2><ul><li><strong>one</strong> and <em>two</em></li>"
        '<li><a href="https://kbs.co.kr/a?b=1&amp;c=2">KBS</a></li></ul>'
        '<p>Text <span class="guide-parameter">&lt;x.y&gt;</span></p>'
    )


def test_scripts_and_unsafe_links_stay_text() -> None:
    html = markup.render('<script>alert(1)</script> [x](javascript:alert(1)) [y](https://a" onclick="b)')
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<a " not in html and 'onclick="' not in html


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'&*[]()#-: \nabc/")), max_size=80))
def test_no_tag_is_made_but_the_format_s_own(text: str) -> None:
    html = str(markup.render(text))
    stripped = html
    for tag in (
        "<h2>",
        "</h2>",
        "<h3>",
        "</h3>",
        "<p>",
        "</p>",
        "<br>",
        "<ul>",
        "</ul>",
        "<ol>",
        "</ol>",
        "<li>",
        "</li>",
        "<strong>",
        "</strong>",
        "<em>",
        "</em>",
        "</a>",
    ):
        stripped = stripped.replace(tag, "")
    import re

    stripped = re.sub(r'<a href="(?:https?://|mailto:|/)[^"<>]*">', "", stripped)
    assert "<" not in stripped and ">" not in stripped
