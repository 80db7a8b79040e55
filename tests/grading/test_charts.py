"""The SVG bar chart: named for assistive technology, escaped, no style attributes (the CSP forbids them)."""

import xml.etree.ElementTree as ET

from grading.charts import bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def chart(bars=(("0–10", 1), ("10–20", 0), ("90–100", 4)), **names):
    return bar_chart(list(bars), chart_id="dist", title=names.get("title", "Scores"),
                     desc=names.get("desc", "One student under 10%, four over 90%."), x_label="Score (%)",
                     y_label="Students")


def test_the_chart_is_an_image_named_by_its_title_and_description():
    root = ET.fromstring(chart())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "dist-title dist-desc"
    assert root.find(f"{SVG}title").get("id") == "dist-title"
    assert root.find(f"{SVG}title").text == "Scores"
    assert root.find(f"{SVG}desc").text == "One student under 10%, four over 90%."


def test_a_bar_is_drawn_for_each_non_empty_band_with_its_label():
    root = ET.fromstring(chart())
    bars = root.findall(f"{SVG}rect")
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["0–10: 1", "90–100: 4"]
    assert float(bars[1].get("height")) == 4 * float(bars[0].get("height"))
    labels = [text.text for text in root.findall(f"{SVG}text")]
    assert {"0–10", "10–20", "90–100", "Score (%)", "Students"} <= set(labels)


def test_text_is_escaped_and_no_style_attribute_is_used():
    svg = chart(title='<script>alert("x")</script>', desc="A & B")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "A &amp; B" in svg
    assert "style=" not in svg
    ET.fromstring(svg)  # still well-formed


def test_an_empty_chart_still_has_a_scale():
    root = ET.fromstring(bar_chart([("0–10", 0)], chart_id="empty", title="t", desc="d"))
    assert root.findall(f"{SVG}rect") == []
    assert [t.text for t in root.findall(f"{SVG}text")][:2] == ["0", "1"]


def test_a_histogram_labels_the_band_edges_instead_of_the_bars():
    svg = bar_chart([("0–50", 2), ("50–100", 1)], chart_id="h", title="t", desc="d", edges=["0", "50", "100"])
    texts = [t.text for t in ET.fromstring(svg).findall(f"{SVG}text")]
    assert {"0", "50", "100"} <= set(texts)
    assert "0–50" not in texts  # the band name stays in the bar's tooltip only
    assert "<title>0–50: 2</title>" in svg
