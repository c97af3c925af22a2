"""The quarter's files: parsed back, validated against Hearth's schema, each case once, personal data apart."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from lxml import etree

from casework.models import Duty, Placement
from hclic.export import build, schema
from hclic.quarters import Quarter
from tests.casework.factories import HouseholdMemberFactory, hclic
from tests.hclic.factories import assessment, case_on, duty, placement

pytestmark = pytest.mark.django_db
Q3 = Quarter.parse("2026Q3")
NOON = datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC)
D = datetime.date


@pytest.fixture(autouse=True)
def _after_the_quarter():
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def family_case():
    case = case_on(D(2026, 7, 6), homeless_tonight=True)
    case.person.legal_name = "Zadie Quellington"
    case.person.date_of_birth = D(1990, 2, 14)
    case.person.ni_number = "QQ123456C"
    case.person.save()
    HouseholdMemberFactory(case=case, name="Ollie Quellington", date_of_birth=D(2019, 5, 4))
    prevention = duty(
        case,
        started_on=D(2026, 7, 6),
        ended_on=D(2026, 8, 1),
        end_reason=Duty.EndReason.BECAME_HOMELESS,
    )
    relief = duty(case, kind=Duty.Kind.RELIEF, started_on=D(2026, 8, 1))
    interim = duty(case, kind=Duty.Kind.INTERIM, started_on=D(2026, 8, 1))
    assessment(case, completed_on=D(2026, 7, 8))
    placement(case, interim, D(2026, 8, 1), kind=Placement.Kind.BED_AND_BREAKFAST)
    assert prevention and relief
    return case


def parse(content):
    document = etree.fromstring(content)
    assert schema().validate(document), schema().error_log
    return document


def test_the_case_file_is_valid_and_has_each_case_once_with_dates_and_codes(family_case):
    other = case_on(D(2026, 9, 1))
    duty(other, started_on=D(2026, 9, 1))
    files = build(Q3)
    root = parse(files.case_file)
    assert root.get("quarter") == "2026Q3" and root.get("draft") == "false"
    ids = [c.get("CaseID") for c in root.findall("Case")]
    assert sorted(ids) == sorted([str(family_case.pk), str(other.pk)])
    case = root.find(f"Case[@CaseID='{family_case.pk}']")
    assert case.findtext("Main/ApplicationDate") == "2026-07-06"
    assert case.findtext("Main/AssessmentDate") == "2026-07-08"
    assert case.findtext("Main/ReasonForLoss") == "FAMILY_OR_FRIENDS_NO_LONGER_WILLING"
    assert case.findtext("Main/InitialAssessment") == "THREATENED_WITH_HOMELESSNESS_WITHIN_56_D"
    assert (case.findtext("Main/Adults"), case.findtext("Main/Children")) == ("1", "1")
    assert case.findtext("Prevention/End") == "2026-08-01"
    assert case.findtext("Prevention/EndReason") == "HOMELESS_INCLUDING_INTENTIONALLY_HOMELES"
    assert case.findtext("Relief/Start") == "2026-08-01" and case.find("Relief/End") is None
    assert case.findtext("TemporaryAccommodation/Placement/TAType") == "BED_AND_BREAKFAST_HOTELS_INCLUDING_SHARE"
    assert case.findtext("TemporaryAccommodation/Placement/TADuty") == "INTERIM_PENDING_ENQUIRIES_INTENTIONALLY"
    assert [p.findtext("Age") for p in case.findall("People/Person")] == ["36", "7"]


def test_help_to_move_on_is_in_the_assistance_section_and_the_csv(family_case):
    from moveon.models import Incentive, Move
    from tests.moveon.factories import an_offer

    offer = an_offer(case=family_case, offered_on=D(2026, 8, 20))
    fields = {"offer": offer, "requested_by": family_case.officer, "requested_at": NOON}
    Incentive.objects.create(kind="deposit", amount=Decimal("650.00"), paid_on=D(2026, 9, 1), **fields)
    Incentive.objects.create(kind="furniture", amount=Decimal("200.00"), **fields)  # not paid: not reported
    Incentive.objects.create(kind="removals", amount=Decimal("90.00"), paid_on=D(2026, 9, 2), cancelled=True, **fields)
    Move.objects.create(
        offer=offer,
        case=family_case,
        start_date=D(2026, 9, 5),
        tenancy_months=12,
        follow_up_due=D(2027, 3, 5),
        created_by=family_case.officer,
    )
    files = build(Q3)
    assistance = parse(files.case_file).find(f"Case[@CaseID='{family_case.pk}']/Assistance")
    [incentive] = assistance.findall("Incentive")
    assert [incentive.findtext(n) for n in ("Kind", "Amount", "PaidOn")] == ["DEPOSIT", "650.00", "2026-09-01"]
    [move] = assistance.findall("PrivateRentedMove")
    assert (move.findtext("MoveDate"), move.findtext("TenancyMonths")) == ("2026-09-05", "12")
    assert move.find("SustainedSixMonths") is None  # not followed up yet
    rows = list(csv.DictReader(io.StringIO(files.csv_file.decode("utf-8-sig"))))
    row = next(r for r in rows if r["CaseID"] == str(family_case.pk))
    assert (row["Assistance.IncentivesPaid"], row["Assistance.PrivateRentedMoves"]) == ("650.00", "1")


def test_an_administrators_corrected_names_are_used_in_the_files_within_their_section(family_case):
    from hclic.models import HclicItem

    HclicItem.objects.filter(section="main", element="ApplicationDate").update(element="APPDATE")
    HclicItem.objects.filter(number="2.5").update(element="FULLNAME")
    end = HclicItem.objects.get(section="prevention", element="End")
    HclicItem.objects.filter(pk=end.pk).update(element="PREVENTION_END")
    files = build(Q3)
    root = etree.fromstring(files.case_file)  # in the council's names, so not Hearth's schema any more
    assert root.get("names") == "council" and not schema().validate(root)
    case = root.find(f"Case[@CaseID='{family_case.pk}']")
    assert case.findtext("Main/APPDATE") == "2026-07-06" and case.find("Main/ApplicationDate") is None
    assert case.findtext("Prevention/PREVENTION_END") == "2026-08-01" and case.find("Prevention/End") is None
    assert case.find("Relief/Start") is not None  # Relief's items keep their names
    person = etree.fromstring(files.personal_file).find(
        f"Case[@CaseID='{family_case.pk}']/Person[@PersonID='P{family_case.person_id}']"
    )
    assert person.findtext("FULLNAME") == "Zadie Quellington" and person.find("Name") is None


def test_without_corrections_the_files_use_hearths_names(family_case):
    root = parse(build(Q3).case_file)
    assert root.get("names") is None and root.find("Case/Main/ApplicationDate") is not None


def test_personal_data_is_only_in_its_own_file(family_case):
    files = build(Q3)
    for secret in [b"Zadie", b"Quellington", b"QQ123456C", b"1990-02-14", b"2019-05-04"]:
        assert secret not in files.case_file
        assert secret not in files.csv_file
    personal = parse(files.personal_file)
    case = personal.find(f"Case[@CaseID='{family_case.pk}']")
    applicant = case.find(f"Person[@PersonID='P{family_case.person_id}']")
    assert applicant.findtext("Name") == "Zadie Quellington"
    assert applicant.findtext("DateOfBirth") == "1990-02-14"
    assert applicant.findtext("NINumber") == "QQ123456C"
    assert [p.findtext("Name") for p in case.findall("Person")] == ["Zadie Quellington", "Ollie Quellington"]
    # the two files link by the same ids
    people = parse(files.case_file).find(f"Case[@CaseID='{family_case.pk}']/People")
    assert [p.get("PersonID") for p in people] == [p.get("PersonID") for p in case.findall("Person")]


def test_a_draft_is_marked_inside_every_file(family_case):
    files = build(Q3, draft=True)
    for content in (files.case_file, files.personal_file):
        root = parse(content)
        assert root.get("draft") == "true"
        assert b"DRAFT" in content
    assert files.csv_file.startswith(b"# DRAFT")
    assert files.filenames()["case_file"] == "hclic-2026Q3-cases-DRAFT.xml"


def test_the_csv_has_one_row_per_case(family_case):
    rows = list(csv.DictReader(io.StringIO(build(Q3).csv_file.decode())))
    assert [row["CaseID"] for row in rows] == [str(family_case.pk)]
    assert rows[0]["Main.ApplicationDate"] == "2026-07-06"
    assert rows[0]["Prevention.EndReason"] == "HOMELESS_INCLUDING_INTENTIONALLY_HOMELES"


def test_totals_are_those_of_the_qa_report(family_case):
    totals = build(Q3).totals
    assert totals["prevention"]["owed"] == 1
    assert totals["prevention"]["by_reason"] == {"FAMILY_OR_FRIENDS_NO_LONGER_WILLING": 1}
    assert totals["prevention"]["by_outcome"] == {"HOMELESS_INCLUDING_INTENTIONALLY_HOMELES": 1}
    assert totals["relief"]["owed"] == 1 and totals["relief"]["ended"] == 0
    assert totals["temporary_accommodation"] == {
        "households": 1,
        "by_type": {"BED_AND_BREAKFAST_HOTELS_INCLUDING_SHARE": 1},
    }


def test_category_codes_come_from_the_lists(family_case):
    family_case.support_needs.add(hclic("support_needs", "DIFFICULTIES_BUDGETING"))
    root = parse(build(Q3).case_file)
    assert root.findtext(f"Case[@CaseID='{family_case.pk}']/Support/SupportNeed") == "DIFFICULTIES_BUDGETING"


def test_export_queries_do_not_grow_with_cases(django_assert_num_queries, family_case):
    for day in range(2, 12):
        c = case_on(D(2026, 7, day))
        HouseholdMemberFactory(case=c)
        duty(c, started_on=D(2026, 7, day))
    from tests.moveon.factories import an_offer

    an_offer(case=family_case, offered_on=D(2026, 8, 20))  # offers bring their incentives: one query more
    with django_assert_num_queries(11):  # the mapping table is one of them
        files = build(Q3)
    assert len(files.case_ids) == 11
