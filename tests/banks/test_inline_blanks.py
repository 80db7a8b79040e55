"""Where the blanks of a fill-in or dropdowns prompt go (banks.inline_blanks): cut only in text, never in a
tag or a link, each blank once, and nothing of the sanitised prompt lost. Pure: no database."""

import re

from hypothesis import given
from hypothesis import strategies as st

from banks.inline_blanks import _TAG, escaped, place_blanks
from casestudies.markdown import render

OUTSIDE_TAGS = re.compile(rf"(?:[^<]+|{_TAG.pattern})*")


def _rebuilt(placed) -> str:
    return "".join(piece.html + (f"[[{escaped(piece.blank)}]]" if piece.blank else "") for piece in placed.pieces)


def test_blanks_in_a_sentence_are_cut_out_in_reading_order():
    html = render("The [[b]] is the capital and the [[a]] its currency.")

    placed = place_blanks(html, ["a", "b"])

    assert [(p.html, p.blank) for p in placed.pieces] == [
        ('<p id="p-1">The ', "b"), (" is the capital and the ", "a"), (" its currency.</p>", None)]
    assert placed.order == ("b", "a") and placed.unplaced == ()


def test_a_marker_in_a_link_an_address_or_an_image_stays_where_it_was():
    html = render("Go [there [[a]]](https://example.org/[[b]]) and see ![the [[c]]](https://example.org/x.png).")

    placed = place_blanks(html, ["a", "b", "c"])

    assert placed.pieces == (placed.pieces[0],) and placed.pieces[0].html == html
    assert placed.unplaced == ("a", "b", "c") and placed.order == ("a", "b", "c")


def test_a_repeated_marker_places_one_field_and_leaves_the_rest_as_written():
    placed = place_blanks(render("[[1]], [[1]] and [[2]]"), ["1", "2"])

    assert [p.blank for p in placed.pieces] == ["1", "2", None]
    assert placed.pieces[1].html == ", [[1]] and "


def test_an_id_with_markup_characters_is_found_as_the_renderer_escaped_it():
    html = render("Fill [[a&b]] and [[x>y]].")
    assert "[[a&amp;b]]" in html

    placed = place_blanks(html, ["a&b", "x>y"])

    assert placed.order == ("a&b", "x>y") and placed.unplaced == ()


def test_blanks_in_a_table_and_in_code_are_placed():
    html = render("| Country | Capital |\n|---|---|\n| Korea | [[1]] |\n\nCall `print([[2]])`.")

    assert place_blanks(html, ["1", "2"]).unplaced == ()


def test_a_prompt_without_its_markers_places_nothing():
    html = render("What is the capital of Korea?")

    placed = place_blanks(html, ["1"])

    assert placed.pieces[0].html == html and len(placed.pieces) == 1 and placed.unplaced == ("1",)


ids = st.sampled_from(["1", "2", "city", "a&b", "x y", "<c>"])
words = st.sampled_from(["The", "capital", "is", "*very*", "`code`", "**bold**", "&", "<b>", '"q"', "|", "\n\n"])
marker = ids.map(lambda i: f"[[{i}]]")
link = st.tuples(st.lists(st.one_of(words, marker), max_size=3), st.one_of(marker, st.just("x"))).map(
    lambda t: f"[{' '.join(t[0]) or 'x'}](https://example.org/{t[1]})")
image = marker.map(lambda m: f"![alt {m}](https://example.org/i.png \"title {m}\")")
prompts = st.lists(st.one_of(words, marker, link, image), max_size=25).map(" ".join)


@given(prompts, st.lists(ids, unique=True, max_size=6))
def test_cutting_keeps_every_character_and_never_cuts_inside_a_tag_or_a_link(prompt, blank_ids):
    html = render(prompt)

    placed = place_blanks(html, blank_ids)

    assert _rebuilt(placed) == html
    placed_ids = [p.blank for p in placed.pieces if p.blank]
    assert len(placed_ids) == len(set(placed_ids))
    assert sorted(placed.order) == sorted(blank_ids) and set(placed.unplaced) == set(blank_ids) - set(placed_ids)
    prefix = ""
    for piece in placed.pieces[:-1]:
        prefix += piece.html
        assert OUTSIDE_TAGS.fullmatch(prefix), "cut inside a tag"
        assert len(re.findall(r"<a[\s>]", prefix)) == len(re.findall(r"</a>", prefix)), "cut inside a link"
        prefix += f"[[{escaped(piece.blank)}]]"
