"""render.text: outside strings become literal text with nothing a terminal would obey."""

from __future__ import annotations

import pytest
from rich.text import Text

from swarmtui.render.text import MAX_LINE, line, literal, one_line, safe_str, visible

MARKUP = ["[/x]", "[bold]", "[@click=app.quit]x[/]", "[red]a[/red]", "\\[x]", "a [b] c"]


@pytest.mark.parametrize("value", MARKUP)
def test_markup_is_shown_as_typed(value: str) -> None:
    for text in (literal(value), line(value)):
        assert isinstance(text, Text)
        assert text.plain == value
        assert not text.spans


def test_the_style_applies_to_the_whole_value() -> None:
    text = line("[b]x", style="bold")
    assert text.plain == "[b]x"
    assert str(text.style) == "bold"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("\x1b[2J", "␛[2J"),
        ("bell\x07", "bell␇"),
        ("a\rb", "a␍b"),
        ("a\bb", "a␈b"),
        ("a\tb", "a␉b"),
        ("a\x7fb", "a␡b"),
        ("a\x00b", "a␀b"),
        ("a\x9bb", "a<U+009B>b"),  # C1 CSI
        ("a\x85b", "a<U+0085>b"),
        ("\u202eevil", "<U+202E>evil"),
        ("\u2066x\u2069", "<U+2066>x<U+2069>"),
        ("\u200fx\u200e", "<U+200F>x<U+200E>"),
        ("a\u2028b", "a<U+2028>b"),
    ],
)
def test_controls_are_made_visible(value: str, shown: str) -> None:
    assert literal(value).plain == shown
    assert line(value).plain == shown
    assert visible(value) == shown


def test_newlines_stay_in_literal_and_show_in_line() -> None:
    assert literal("a\nb").plain == "a\nb"
    assert line("a\nb").plain == "a␤b"
    assert one_line("a\nb") == "a␤b"
    assert "\n" not in safe_str("a\nb\n")


def test_no_control_character_survives() -> None:
    every = "".join(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0)))
    for text in (literal(every).plain, line(every).plain):
        assert not any(ord(c) < 0x20 and c != "\n" for c in text)
        assert not any(0x7F <= ord(c) < 0xA0 for c in text)
    assert "\n" not in line(every).plain


def test_space_and_ordinary_text_are_untouched() -> None:
    kept = "web_1 café مرحبا e\u0301 a\u200bb 日本 ✔"
    assert literal(kept).plain == kept
    assert line(kept).plain == kept


def test_line_shortens_a_long_value_with_an_ellipsis() -> None:
    text = line("x" * 10_000)
    assert len(text.plain) == MAX_LINE
    assert text.plain.endswith("…")
    assert line("x" * MAX_LINE).plain == "x" * MAX_LINE
    assert len(literal("x" * 10_000).plain) == 10_000  # the detail area wraps it instead
