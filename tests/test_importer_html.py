"""parse_html on small pages written for these tests: body, metadata, figures, furniture,
decoding and hostile input."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.importer.charset import NotDecodable, decode
from tui.importer.draft import Figure, Meta, Paragraph, Subheading
from tui.importer.figures import split_credit
from tui.importer.html import parse_html, parse_page
from tui.importer.html_chunks import add_split_chunks
from tui.importer.html_furniture import (
    drop_credit_lines,
    drop_lead_stamps,
    drop_repeated_headline,
    drop_trailing,
    join_split_dateline,
)
from tui.importer.html_meta import iso_date
from tui.importer.page_map import PageMap
from tui.model.sanitize import clean_text

PARAGRAPHS = [
    "The harbour council of Vellmar voted on Tuesday to close the old ferry pier for two "
    "years, after engineers found that a third of its timber piles had rotted through.",
    "“We cannot ask people to queue on something that might not hold them,” said Ilse "
    "Brandvold, who chairs the council’s works committee, after the vote of nine to four.",
    "The ferry to Osterholm will leave from a temporary landing by the fish market from "
    "March, and the crossing will take about ten minutes longer, the operator said.",
    "Shopkeepers on the quay said the closure would cost them trade. Marit Oyen, who has "
    "sold coffee by the pier for eleven years, said half of her customers came off the boat.",
    "Repairs are expected to cost 14 million kroner, of which the regional government has "
    "promised half; the council will borrow the rest over twenty years.",
    "A public meeting on the plans will be held at the town hall next Thursday evening, "
    "and the drawings will be on show in the library until the end of the month.",
]
SUBHEADING = "What happens to the ferry"
CAPTION = "Engineers inspect the piles under the old ferry pier in Vellmar on Monday."
CREDIT = "Tove Lind/Vellmar Post"


def article_page(
    *,
    jsonld: object | None = None,
    head: str = "",
    title: str = "Vellmar closes its ferry pier for two years",
    extra_body: str = "",
) -> str:
    """An invented news page: a header with share links, the article with a figure, a
    gallery, a related list and a footer."""
    scripts = ""
    if jsonld is not None:
        scripts = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
    first, second, third, *rest = PARAGRAPHS
    body = "".join(f"<p>{p}</p>" for p in rest)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title} | Vellmar Post</title>
{head}{scripts}
<style>p {{ color: red; }} .secret-style-text {{}}</style>
<script>var trackingSecret = "tracking script text";</script>
</head><body>
<header class="site-header"><a href="/">Vellmar Post</a>
<nav><a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>{title}</h1>
<div class="share-buttons"><figure><img src="/share.png"><figcaption>Share this story
</figcaption></figure><a href="/share/fb">Share on Facebook</a></div>
<div class="article-body">
<p>{first}</p>
<p>{second}</p>
<figure class="inline-image"><img src="/img/pier.jpg" alt="The old pier">
<figcaption>{CAPTION} <span class="image-credit">{CREDIT}</span></figcaption></figure>
<h2>{SUBHEADING}</h2>
<p>{third}</p>
<script>document.write("inline script text");</script>
{body}
{extra_body}
</div>
<div class="photo-gallery"><figure><img src="/img/g1.jpg">
<figcaption>Gallery picture of the harbour at dawn (Gallery Person/Vellmar Post)</figcaption>
</figure></div>
</article>
<aside class="related-stories"><h3>Related</h3><ul>
<li><a href="/a">Osterholm school reopens after the storm</a></li>
<li><a href="/b">Fish market stalls to move in spring</a></li></ul></aside>
</main>
<footer><p>Copyright 2024 Vellmar Post. All rights reserved.</p></footer>
</body></html>"""


NEWS_JSONLD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "name": "Vellmar Post", "url": "https://post.example/"},
        {
            "@type": ["NewsArticle"],
            "headline": "Vellmar closes its ferry pier",
            "description": "Rotten piles mean a two-year closure and a longer crossing.",
            "datePublished": "2024-02-13T09:30:00+01:00",
            "dateline": "VELLMAR",
            "author": [
                {"@type": "Person", "name": "Sigrid Havn"},
                {"@type": "Person", "name": "Ola Strand"},
            ],
            "publisher": {"@type": "NewsMediaOrganization", "name": "Vellmar Post"},
            "url": "https://post.example/2024/02/13/ferry-pier",
        },
    ],
}


def texts(document):
    for block in document.blocks:
        if isinstance(block, Figure):
            yield from (t for t in (block.caption, block.credit, block.alt, block.image) if t)
        else:
            yield block.text
    meta = document.meta
    yield from (t for t in (meta.title, meta.subtitle, meta.dateline, meta.outlet) if t)
    yield from (t for t in (meta.published, meta.url, meta.language) if t)
    yield from meta.authors


def body(document):
    return [b.text for b in document.blocks if isinstance(b, Paragraph | Subheading)]


@pytest.fixture(scope="module")
def article():
    return parse_html(article_page(jsonld=NEWS_JSONLD).encode("utf-8"))


def test_paragraphs_and_subheading_in_order_word_for_word(article):
    assert body(article) == [*PARAGRAPHS[:2], SUBHEADING, *PARAGRAPHS[2:]]
    assert [type(b) for b in article.blocks if not isinstance(b, Figure)][2] is Subheading


def test_typographic_quotes_kept(article):
    assert any("“We cannot ask" in t and "council’s" in t for t in body(article))


def test_figure_with_caption_and_credit_placed_where_it_stands(article):
    figures = [b for b in article.blocks if isinstance(b, Figure)]
    assert figures == [
        # the address is resolved against the page's own (JSON-LD) url
        Figure(CAPTION, CREDIT, alt="The old pier", image="https://post.example/img/pier.jpg")
    ]
    index = article.blocks.index(figures[0])
    assert article.blocks[index - 1] == Paragraph(PARAGRAPHS[1])
    assert article.blocks[index + 1] == Subheading(SUBHEADING)


def test_image_address_resolved_against_the_page_url():
    document = parse_html(article_page(), url="https://post.example/news/pier")
    figure = next(b for b in document.blocks if isinstance(b, Figure))
    assert figure.image == "https://post.example/img/pier.jpg"


def test_gallery_share_widget_related_list_scripts_and_styles_left_out(article):
    everything = " ".join(texts(article))
    for absent in (
        "Gallery picture",
        "Share this story",
        "Share on Facebook",
        "Osterholm school reopens",
        "Fish market stalls",
        "tracking script text",
        "inline script text",
        "color: red",
        "All rights reserved",
    ):
        assert absent not in everything


def test_metadata_from_jsonld(article):
    meta = article.meta
    # The page's <h1> agrees with the JSON-LD headline and is what the page shows.
    assert meta.title == "Vellmar closes its ferry pier for two years"
    assert meta.subtitle == "Rotten piles mean a two-year closure and a longer crossing."
    assert meta.published == "2024-02-13T09:30:00+01:00"
    assert meta.dateline == "VELLMAR"
    assert meta.authors == ("Sigrid Havn", "Ola Strand")
    assert meta.outlet == "Vellmar Post"
    assert meta.url == "https://post.example/2024/02/13/ferry-pier"
    assert meta.language == "en-GB"
    assert meta.notes == {}


def test_metadata_from_og_and_article_meta():
    head = """
    <meta property="og:title" content="Vellmar closes its ferry pier for two years">
    <meta property="og:description" content="A two-year closure.">
    <meta property="og:site_name" content="Vellmar Post">
    <meta property="og:url" content="https://post.example/ferry">
    <meta property="article:published_time" content="2024-02-13T08:00:00Z">
    <meta property="article:author" content="https://social.example/sigrid">
    <meta name="author" content="Sigrid Havn and Ola Strand">
    """
    meta = parse_html(article_page(head=head)).meta
    assert meta.title == "Vellmar closes its ferry pier for two years"
    assert meta.subtitle == "A two-year closure."
    assert meta.outlet == "Vellmar Post"
    assert meta.url == "https://post.example/ferry"
    assert meta.published == "2024-02-13T08:00:00+00:00"
    assert meta.authors == ("Sigrid Havn", "Ola Strand")


def test_jsonld_as_a_list_with_entities_and_a_publisher_beside_it():
    jsonld = [
        {
            "@type": "ReportageNewsArticle",
            "headline": "Vellmar&#x27;s pier",
            "datePublished": "2024-02-13",
            "author": "Sigrid Havn",
        },
        {"@type": "Organization", "name": "Vellmar Post"},
    ]
    meta = parse_html(article_page(jsonld=jsonld, title="Vellmar's pier")).meta
    assert meta.title == "Vellmar's pier"
    assert meta.published == "2024-02-13"
    assert meta.authors == ("Sigrid Havn",)
    assert meta.outlet == "Vellmar Post"


def test_deeply_nested_or_odd_jsonld_is_passed_over():
    deep = "[" * 5000 + "]" * 5000
    odd = (
        '{"@type": "NewsArticle", "headline": ' + "[" * 900 + '"x"' + "]" * 900 + ","
        ' "author": [1, null, {"name": 2}, "Sigrid Havn"], "datePublished": 20240213}'
    )
    for jsonld in (deep, odd, '{"@graph": {"@graph": {"@graph": []}}}', "{not json"):
        page = article_page().replace(
            "</head>", f'<script type="application/ld+json">{jsonld}</script></head>'
        )
        meta = parse_html(page).meta
        assert meta.title == "Vellmar closes its ferry pier for two years"
    assert meta.published is None


def test_meta_only_where_the_page_states_it():
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    document = parse_html(page + "</article></body></html>")
    meta = document.meta
    assert (meta.subtitle, meta.dateline, meta.authors, meta.outlet) == (None, None, (), None)
    assert meta.published is None
    assert body(document) == PARAGRAPHS


def test_a_date_only_trafilatura_found_carries_a_note():
    page = article_page(
        extra_body='<p class="date">Published <time datetime="2024-02-13">'
        "13 February 2024</time></p>"
    )
    meta = parse_html(page, url="https://post.example/news/pier").meta
    assert meta.published == "2024-02-13"
    assert "trafilatura" in meta.notes["published"]


def test_no_date_guessed_from_a_copyright_year_and_no_outlet_from_a_host_name():
    # The page's footer says "Copyright 2024"; that is not when the article was published.
    meta = parse_html(article_page(), url="https://post.example/news/pier").meta
    assert (meta.published, meta.outlet, meta.notes) == (None, None, {})


def test_author_who_is_the_outlet_is_no_byline():
    jsonld = {
        "@type": "NewsArticle",
        "headline": "Pier",
        "author": {"name": "Vellmar Post"},
        "publisher": {"name": "Vellmar Post"},
    }
    assert parse_html(article_page(jsonld=jsonld)).meta.authors == ()


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "Divers at the pier on Monday. (Tove Lind/Vellmar Post)",
            ("Divers at the pier on Monday.", "Tove Lind/Vellmar Post"),
        ),
        ("Divers at the pier. Photograph: Tove Lind", ("Divers at the pier.", "Tove Lind")),
        ("Divers at the pier (Photo: Tove Lind)", ("Divers at the pier", "Tove Lind")),
        ("Divers at the pier. © Vellmar Post", ("Divers at the pier.", "Vellmar Post")),
        ("Divers at the pier. Image credit: Tove Lind", ("Divers at the pier.", "Tove Lind")),
        ("Photo: Tove Lind", ("", "Tove Lind")),
        ("Divers at the pier (right) at dawn", ("Divers at the pier (right) at dawn", None)),
        (
            "Divers at the pier (from left to right, seen at dawn with their boats).",
            ("Divers at the pier (from left to right, seen at dawn with their boats).", None),
        ),
    ],
)
def test_split_credit(caption, expected):
    assert split_credit(caption) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-13", "2024-02-13"),
        ("2024-02-13T09:30:00Z", "2024-02-13T09:30:00+00:00"),
        ("2024-02-13T09:30:00.372Z", "2024-02-13T09:30:00+00:00"),
        ("2019-12-30T05:03-0500", "2019-12-30T05:03:00-05:00"),
        ("2024-02-13 09:30:00", "2024-02-13T09:30:00"),
        ("13 February 2024", None),
        ("2024-13-45", None),
        ("", None),
    ],
)
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_furniture_rules():
    meta = Meta(title="Vellmar closes its ferry pier", authors=("Sigrid Havn",))
    lead = [
        Subheading("Vellmar closes its ferry pier"),
        Paragraph("February 13, 2024 - 09:30"),
        Paragraph("By Sigrid Havn"),
        Paragraph("VELLMAR —"),
        Paragraph(PARAGRAPHS[0]),
        Subheading("Most read"),
        Paragraph("Copyright 2024 Vellmar Post. All rights reserved."),
    ]
    blocks = drop_repeated_headline(lead, meta)
    assert blocks[0] == Paragraph("February 13, 2024 - 09:30")
    blocks = drop_lead_stamps(join_split_dateline(blocks), meta)
    assert blocks[0] == Paragraph(f"VELLMAR — {PARAGRAPHS[0]}")
    assert drop_trailing(blocks) == [blocks[0]]
    credits = [Paragraph("(Credit: Tove Lind / Vellmar Post)"), Paragraph("Photo: Ola Strand")]
    assert drop_credit_lines([*credits, Paragraph(PARAGRAPHS[0])]) == [Paragraph(PARAGRAPHS[0])]
    # A short sentence that happens to hold a year is the article's, not a stamp.
    sentence = [Paragraph("The pier was built in 1921."), Paragraph(PARAGRAPHS[1])]
    assert drop_lead_stamps(sentence, meta) == sentence


# --- decoding ------------------------------------------------------------------------------


def test_decoding_by_bom_declared_charset_and_utf8():
    text = "<p>“Blåbær” – 3 €</p>"
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode("\ufeff".encode("utf-16-le") + text.encode("utf-16-le")) == text
    cp1252 = b'<meta charset="windows-1252"><p>\x93Bl\xe5b\xe6r\x94 \x96 3 \x80</p>'
    assert decode(cp1252).endswith(text)
    latin1_label = b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    assert "“" in decode(latin1_label + b"\x93")  # read as windows-1252, as browsers do
    assert decode(text.encode("utf-8")) == text
    assert decode(cp1252, declared="cp1252").endswith(text)
    # a server's charset comes before the page's own
    assert decode("<p>ø</p>".encode("iso-8859-15"), declared="iso-8859-15") == "<p>ø</p>"


def test_undecodable_and_binary_bytes_are_an_error_value():
    with pytest.raises(NotDecodable) as error:
        parse_html(b"<p>caf\xe9 \xff\xfe\xfa</p>" + b"\x81" * 3 + "ü".encode())
    assert "\n" not in error.value.message and error.value.message
    with pytest.raises(NotDecodable, match="binary"):
        parse_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # Valid UTF-8 beyond ASCII is UTF-8, whatever the page declares.
    assert decode(b'<meta charset="ascii">' + "é".encode()).endswith("é")
    assert decode("é".encode(), declared="windows-1252") == "é"


def test_unknown_declared_charset_is_passed_over():
    assert decode(b'<meta charset="no-such-charset"><p>ok</p>').endswith("<p>ok</p>")


# --- hostile input -------------------------------------------------------------------------

HOSTILE = (
    "Evil\x1b[31m red\x1b]0;title\x07 \u202eoverride\u202c \u2066iso\u2069 zero\u200bwidth\x00"
)


def test_hostile_strings_are_sanitised_everywhere():
    jsonld = {
        "@type": "NewsArticle",
        "headline": HOSTILE,
        "author": HOSTILE,
        "description": HOSTILE,
        "dateline": HOSTILE,
    }
    extra = (
        f"<p>{HOSTILE} {PARAGRAPHS[4]}</p>"
        f'<figure><img src="/x.jpg" alt="{HOSTILE}"><figcaption>{HOSTILE} caption'
        f"</figcaption></figure>"
    )
    document = parse_html(article_page(jsonld=jsonld, title=HOSTILE, extra_body=extra))
    found = list(texts(document))
    assert any("red" in t for t in found)
    for text in found:
        assert clean_text(text) == text
        assert "\x1b" not in text and "\u202e" not in text


def test_huge_attributes_and_deep_nesting_do_not_break_it():
    huge = "x" * 2_000_000
    page = article_page(
        extra_body=f'<div class="{huge}" data-x="{huge}"><p>{PARAGRAPHS[0]}'
        "</p></div>" + "<div>" * 5000 + "deep" + "</div>" * 5000
    )
    document = parse_html(page)
    assert PARAGRAPHS[1] in body(document)


@pytest.mark.parametrize(
    "data",
    [
        "",
        b"",
        "   ",
        "<<<>>>",
        "<html></html>",
        "plain words",
        b"<script>only()</script>",
        "<?xml version='1.0'?><a/>",
    ],
)
def test_empty_and_odd_input_gives_a_document(data):
    document = parse_html(data)
    assert all(clean_text(t) == t for t in texts(document))
    assert "only()" not in " ".join(texts(document))


_TAGS = st.sampled_from(
    [
        "p",
        "div",
        "h1",
        "h2",
        "figure",
        "figcaption",
        "script",
        "style",
        "article",
        "span",
        "a",
        "img",
        "li",
        "ul",
        "table",
        "td",
        "br",
    ]
)
_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
_FRAGMENT = st.recursive(
    _TEXT,
    lambda inner: st.builds(
        lambda tag, attr, children: f'<{tag} class="{attr}">{"".join(children)}</{tag}>',
        _TAGS,
        _TEXT.map(lambda t: t.replace('"', "")),
        st.lists(inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment=_FRAGMENT, jsonld=_TEXT)
def test_any_html_gives_a_clean_document(fragment, jsonld):
    page = (
        f'<html><head><script type="application/ld+json">{jsonld}</script></head>'
        f"<body>{fragment}</body></html>"
    )
    document = parse_html(page)
    for text in texts(document):
        assert clean_text(text) == text
        assert text == " ".join(text.split()) or text.startswith("http")


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_give_a_document_or_not_decodable(data):
    try:
        document = parse_html(data)
    except NotDecodable as error:
        assert error.message and "\n" not in error.message
    else:
        assert all(clean_text(t) == t for t in texts(document))


def test_promotions_and_screen_reader_text_in_figures():
    extra = (
        # a picture that links to another site's page advertises it
        '<figure><a href="https://shop.example/magazine?utm_source=post"><img src="/m.jpg">'
        "</a><figcaption>Subscribe to our sister magazine today</figcaption></figure>"
        # a caption that is all links advertises too
        '<figure><img src="/n.jpg"><figcaption><a href="/other">Read our guide to ferries'
        "</a></figcaption></figure>"
        # a credit beside the caption, and words only screen readers read
        '<figure><a href="/img/quay-large.jpg"><img src="/img/quay.jpg"></a><figcaption>'
        '<span class="visually-hidden">Image caption</span>The quay at low tide.'
        '</figcaption><div class="credit">(Image credit: Ola Strand)</div></figure>'
        f"<p>{PARAGRAPHS[4]}</p>"
    )
    document = parse_html(article_page(extra_body=extra), url="https://post.example/pier")
    figures = [b for b in document.blocks if isinstance(b, Figure)]
    assert [(f.caption, f.credit) for f in figures] == [
        (CAPTION, CREDIT),
        ("The quay at low tide.", "Ola Strand"),
    ]


def test_an_article_split_around_advertisements_is_read_whole():
    chunk = '<div class="story-body">{}</div>'
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    second = f"<h2>{SUBHEADING}</h2>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:5])
    page = (
        "<html><body><main><article>"
        + chunk.format(first)
        + '<div class="ad-slot"><p>Advertisement text for a car dealer</p></div>'
        + chunk.format(second)
        + "</article>"
        # the next story, loaded below this one, has bodies of the same kind
        + "<article>"
        + chunk.format(f"<p>{PARAGRAPHS[5]}</p>")
        + "</article>"
        + "</main></body></html>"
    )
    tree = parse_page(page)
    kept = [Paragraph(p) for p in PARAGRAPHS[:3]]  # what an extractor keeping one chunk gives
    blocks = add_split_chunks(kept, PageMap(tree))
    assert [b.text for b in blocks] == [*PARAGRAPHS[:3], SUBHEADING, *PARAGRAPHS[3:5]]
    assert isinstance(blocks[3], Subheading)
