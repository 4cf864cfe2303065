"""The incident report's Markdown holds outside strings as text only: a log line cannot end
its code block, and a name, an error or a node cannot make a heading, a link, HTML, emphasis,
a list or a table cell of its own. Checked by parsing the report as CommonMark with GitHub's
tables and strikethrough (markdown-it, which Rich already uses)."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from swarmtui.docker.events import SwarmEvent
from swarmtui.docker.incident import IncidentFacts, gather
from swarmtui.docker.node_vitals import NodeVitals
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.task_logs import LogLine, TaskLog
from swarmtui.render.markdown import code_fence, code_span, inline
from swarmtui.render.report import report_data, report_markdown
from tests.support.replay import by_name, lab_snapshot

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

EVIL = "# [click](http://evil.example) <b>*bold*</b> _it_ ~~gone~~ `code` | &amp; ![i](x)"
"""Every inline structure at once, starting like a heading."""

STARTS = ["- item", "+ item", "1. first", "2) second", "> quote", "    code", "=====", "***"]
"""What would start a block where a value starts a line's content."""

LOG = ["before", "```", "~~~~", "````nested", "   ```", "## not a heading", "after"]


def _tokens(markdown: str) -> list[Token]:
    tokens = MARKDOWN.parse(markdown)
    return tokens + [child for token in tokens for child in token.children or ()]


def _hostile_facts(recording: ReplayApi, name: str, lines: list[str]) -> IncidentFacts:
    snapshot = lab_snapshot(recording)
    crashloop, node2 = by_name(snapshot, "crashloop"), by_name(snapshot, "node2")
    snapshot = replace(
        snapshot,
        services=tuple(
            replace(s, name=name, image=f"{name}:1") if s.id == crashloop.id else s
            for s in snapshot.services
        ),
        nodes=tuple(
            replace(n, hostname=name, state="down", state_message=name) if n.id == node2.id else n
            for n in snapshot.nodes
        ),
    )
    facts = gather(recording, snapshot, ())
    task_id = next(iter(facts.last_words))
    happened = SwarmEvent("service", "update", crashloop.id, name, datetime.now(UTC))
    now = datetime.now(UTC)
    figures = NodeVitals(now, 0.5, 2, 1 << 30, 1 << 29, 1 << 34, 1 << 33, "/var/lib/docker")
    return replace(
        facts,
        last_words={task_id: TaskLog(lines=tuple(LogLine(line) for line in lines))},
        events=(happened,),
        node_vitals={
            n.id: NodeVitals(now, error=name) if n.id == node2.id else figures
            for n in snapshot.nodes
        },
    )


def test_log_lines_cannot_end_the_code_block(recording: ReplayApi) -> None:
    markdown = report_markdown(report_data(_hostile_facts(recording, "crashloop", LOG)))
    blocks = [t for t in MARKDOWN.parse(markdown) if t.type == "fence"]
    assert [b.content for b in blocks] == ["\n".join(LOG) + "\n"]
    headings = [t for t in _tokens(markdown) if t.type == "heading_open"]
    assert len(headings) == 8  # the title, five sections, the two services needing attention


@pytest.mark.parametrize("name", [EVIL, *STARTS])
def test_outside_strings_make_no_structure(recording: ReplayApi, name: str) -> None:
    data = report_data(_hostile_facts(recording, name, ["a line"]))
    markdown = report_markdown(data)
    tokens = _tokens(markdown)
    made = {t.type for t in tokens}
    for kind in ("link_open", "image", "html_inline", "html_block", "em_open", "strong_open"):
        assert kind not in made, kind
    assert {"s_open", "blockquote_open", "ordered_list_open", "hr", "code_block"}.isdisjoint(made)
    headings = [
        tokens[i + 1].content for i, t in enumerate(tokens[:-1]) if t.type == "heading_open"
    ]
    assert len(headings) == 8 and f"{name.lstrip()}: failing now" in [_text(h) for h in headings]
    # Each table row keeps its five cells, the name whole in one of them.
    cells = [tokens[i + 1] for i, t in enumerate(tokens[:-1]) if t.type == "td_open"]
    assert len(cells) % 5 == 0 and name.lstrip() in [_text(c.content) for c in cells]
    # Lists hold only the items the report writes: none nested from a name.
    assert sum(t.type == "bullet_list_open" for t in tokens) == 4


def _text(markdown: str) -> str:
    """What a reader sees of an inline Markdown value."""
    return html.unescape(MARKDOWN.renderInline(markdown))


@pytest.mark.parametrize("text", [EVIL, *STARTS, "a_b_c", "_x_", "\\", "```", "` `"])
def test_inline_text_reads_as_written(text: str) -> None:
    assert _text(inline(text)) == text.lstrip(" ")
    assert inline("shop_web_1") == "shop_web_1"  # an inner underscore opens nothing


@pytest.mark.parametrize("text", ["plain", "a`b", "``x``", "`", "ends with `", " spaced "])
def test_code_spans_hold_any_backticks(text: str) -> None:
    [paragraph] = [t for t in MARKDOWN.parse(code_span(text)) if t.type == "inline"]
    [span] = paragraph.children or []
    assert span.type == "code_inline" and span.content == text


def test_a_fence_is_longer_than_any_backtick_run() -> None:
    assert code_fence(["no ticks"]) == "```"
    assert code_fence(["```", "a ````` b"]) == "``````"
