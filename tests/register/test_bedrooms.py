"""Bedroom need by the bedroom standard."""

from register.services.bedrooms import Occupant, bedroom_need

ME = Occupant("Applicant", 35, "female")


def need(*others):
    return bedroom_need(ME, list(others))[0]


def test_single_person_needs_one():
    assert need() == 1


def test_couple_shares_one_bedroom():
    assert need(Occupant("Partner", 34, "male", partner=True)) == 1


def test_another_adult_21_or_over_has_their_own():
    assert need(Occupant("Son", 22, "male")) == 2


def test_two_teenagers_of_the_same_sex_share():
    assert need(Occupant("A", 12, "female"), Occupant("B", 17, "female")) == 2


def test_two_teenagers_of_different_sex_do_not_share():
    assert need(Occupant("A", 12, "female"), Occupant("B", 17, "male")) == 3


def test_two_children_under_10_share_whatever_their_sex():
    assert need(Occupant("A", 3, "female"), Occupant("B", 7, "male")) == 2


def test_unpaired_teenager_shares_with_a_child_of_the_same_sex():
    assert need(Occupant("Teen", 14, "male"), Occupant("Kid", 6, "male")) == 2
    assert need(Occupant("Teen", 14, "male"), Occupant("Kid", 6, "female")) == 3


def test_sex_not_known_is_never_paired_at_10_to_20():
    assert need(Occupant("A", 12), Occupant("B", 13)) == 3


def test_family_of_five():
    rooms, reasons = bedroom_need(
        ME,
        [
            Occupant("Partner", 36, "male", partner=True),
            Occupant("Girl", 15, "female"),
            Occupant("Boy", 11, "male"),
            Occupant("Baby", 1, "female"),
        ],
    )
    # couple; the girl with the baby (both female); the boy alone
    assert rooms == 3
    assert any("Girl sharing with Baby" in r for r in reasons)


def test_someone_turning_21_needs_their_own_room():
    assert need(Occupant("A", 20, "male"), Occupant("B", 18, "male")) == 2
    assert need(Occupant("A", 21, "male"), Occupant("B", 18, "male")) == 3
