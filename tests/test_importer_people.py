"""Names, roles, gender and one entity per person: invented names only."""

from __future__ import annotations

import pytest

from tui.importer.people import (
    Registry,
    better_role,
    given_name_gender,
    lexicon,
    parse_name,
    slug,
    split_role,
)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Freedonian Prime Minister Anna Kovac", "Anna Kovac", "Freedonian Prime Minister"),
        ("Harbour Master Tom Ruiz", "Tom Ruiz", "Harbour Master"),
        ("Dr. Quill Varno", "Quill Varno", "Dr."),
        ("Minister of Coastal Affairs Ana Mirel", "Ana Mirel", "Minister of Coastal Affairs"),
        ("Tom Ruiz", "Tom Ruiz", None),
        ("Ursula van der Berg", "Ursula van der Berg", None),
    ],
)
def test_the_title_in_front_is_the_role(text, name, role):
    parsed = parse_name(text)
    assert (parsed.name, parsed.role) == (name, role)


def test_split_role_keeps_a_lone_title_as_the_name():
    assert split_role(["Director"]) == ([], ["Director"])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Northbank Corporation", "organisation"),
        ("Portvale Police Service", "organisation"),
        ("NBX", "organisation"),
        ("Tom Ruiz", "person"),
        ("Christopher Council", "person"),  # a first name before an organisation word
    ],
)
def test_kind(text, kind):
    assert parse_name(text).kind == kind


def test_gender_from_first_names_and_honorifics():
    assert given_name_gender("Anna") == "female"
    assert given_name_gender("Peter") == "male"
    assert given_name_gender("Qwzx") is None
    assert parse_name("Mr. Ruiz").gender == "male"
    assert parse_name("Spokeswoman Bexa Toller").gender == "female"


def test_surname_and_first_name_mentions_merge():
    registry = Registry()
    full = registry.named("Harbour Master Tom Ruiz")
    assert registry.named("Ruiz") is full
    assert registry.named("Tom") is full
    assert registry.named("Mr. Ruiz") is full
    assert full.name == "Tom Ruiz" and full.role == "Harbour Master"


def test_another_first_name_is_another_person():
    registry = Registry()
    tom = registry.named("Tom Ruiz")
    assert registry.named("Ana Ruiz") is not tom


def test_the_fullest_name_is_kept():
    registry = Registry()
    entity = registry.named("Ruiz")
    registry.named("Tomas Ruiz")
    assert entity.name == "Tomas Ruiz"


def test_ids_are_unique_slugs_of_surnames():
    registry = Registry()
    for name in ("Tom Ruiz", "Ana Ruiz", "Northbank Corporation", "Zoë Ćirić"):
        registry.named(name).spoke = True
    _, speakers = registry.speakers()
    assert [s.id for s in speakers] == ["ruiz", "ana-ruiz", "northbank-corporation", "ciric"]


def test_only_entities_that_spoke_are_speakers():
    registry = Registry()
    registry.named("Tom Ruiz")
    assert registry.speakers()[1] == ()


def test_a_capitalised_title_is_a_better_role():
    assert better_role("harbour chief", "Harbour Master") == "Harbour Master"
    assert better_role("Harbour Master", "chief") == "Harbour Master"
    assert better_role(None, "chief") == "chief"


def test_slug():
    assert slug("Jean-Luc Pérez") == "jean-luc-perez"
    assert slug("!!!") == ""


@pytest.mark.parametrize(
    "name",
    [
        "cue_verbs",
        "titles",
        "organisation_words",
        "given_names_male",
        "given_names_female",
        "capitalised_words",
        "abbreviations",
        "cue_adverbs",
        "cue_verbs_object",
        "contexts",
        "person_nouns",
        "group_nouns",
        "gender_words",
        "pronouns",
    ],
)
def test_lexicons_load_lower_case_without_comments(name):
    entries = lexicon(name)
    assert entries
    assert all(e == e.lower() and not e.startswith("#") for e in entries)
