"""Build a quarter's H-CLIC files: the case XML, the personal-data XML (linked by CaseID), a CSV of the
case data for local analysis, and the totals DELTA's QA report shows. Both XML files are validated
against Hearth's own schema (hclic/schema/hearth-hclic.xsd) before they are returned.

A fixed number of queries however many cases: one for the cases (with person and assessment) and one
per prefetched relation.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from lxml import etree

from casework.models import Assessment, Duty, HouseholdMember, MainDutyDecision, Placement
from core.exports import csv_cell
from moveon.models import Incentive, Move, Offer

from . import codes
from .quarters import Quarter, reportable_cases

SCHEMA = Path(__file__).resolve().parent / "schema" / "hearth-hclic.xsd"
GENERATOR = "Hearth (own schema; not MHCLG's XSD)"


class SchemaError(Exception):
    """A file Hearth built does not match its own schema: a bug, never the officer's fault."""


# Prefetched into lists (to_attr): Django clones a queryset per case and relation otherwise, which
# for 10,000 cases costs more than the queries themselves.
DUTIES = Duty.objects.select_related("accommodation_secured_type", "main_activity").order_by("started_on", "pk")


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def export_cases(quarter: Quarter, cases=None):
    """The reportable cases with everything the files read, prefetched."""
    return (
        reportable_cases(quarter, cases)
        .select_related(
            "person",
            "assessment",
            "reason_for_loss",
            "accommodation_at_approach",
            "household_composition",
            "referring_body",
        )
        .prefetch_related(
            Prefetch("duties", queryset=DUTIES, to_attr="hclic_duties"),
            Prefetch("household", queryset=HouseholdMember.objects.order_by("pk"), to_attr="hclic_household"),
            Prefetch(
                "placements",
                queryset=Placement.objects.select_related("duty").order_by("started_on", "pk"),
                to_attr="hclic_placements",
            ),
            Prefetch(
                "decisions",
                queryset=MainDutyDecision.objects.select_related("priority_need").order_by("decided_on", "pk"),
                to_attr="hclic_decisions",
            ),
            Prefetch("support_needs", to_attr="hclic_support_needs"),
            Prefetch("service_referrals", to_attr="hclic_service_referrals"),
            Prefetch("moveon_moves", queryset=Move.objects.order_by("start_date", "pk"), to_attr="hclic_moves"),
            Prefetch(
                "moveon_offers",
                queryset=Offer.objects.order_by("pk").prefetch_related(
                    Prefetch(
                        "incentives",
                        queryset=Incentive.objects.filter(cancelled=False, paid_on__isnull=False).order_by(
                            "paid_on", "pk"
                        ),
                        to_attr="hclic_paid",
                    )
                ),
                to_attr="hclic_offers",
            ),
        )
    )


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _code(category) -> str | None:
    return category.code if category is not None else None


def _last(duties, kind):
    found = [d for d in duties if d.kind == kind]
    return found[-1] if found else None


def _assessment(case):
    try:
        return case.assessment
    except Assessment.DoesNotExist:  # not assessed yet
        return None


def record(case) -> dict:
    """One case's items, section by section, as plain values (dates stay dates)."""
    duties = case.hclic_duties
    household = case.hclic_household
    children = sum(1 for m in household if m.relationship == HouseholdMember.Relationship.CHILD)
    first_clocked = next((d for d in duties if d.kind in codes.INITIAL_ASSESSMENT), None)
    assessment = _assessment(case)
    main = {
        "CaseRef": case.reference,
        "ApplicationDate": case.approached_on,
        "ReferralRoute": codes.REFERRAL_ROUTE.get(case.source),
        "AssessmentDate": assessment.completed_on if assessment else None,
        "ReferringBody": _code(case.referring_body),
        "InitialAssessment": codes.INITIAL_ASSESSMENT.get(first_clocked.kind) if first_clocked else None,
        "HouseholdType": _code(case.household_composition),
        "Adults": 1 + len(household) - children,
        "Children": children,
        "ReasonForLoss": _code(case.reason_for_loss),
        "Eligibility": case.eligibility.upper(),
        "CurrentAccommodation": _code(case.accommodation_at_approach),
        "ClosedDate": case.closed_on if case.status == case.Status.CLOSED else None,
    }
    people = [
        {
            "PersonID": f"P{case.person_id}",
            "Relationship": "APPLICANT",
            "Age": _age(case.person.date_of_birth, case.approached_on),
            "Pregnant": False,
        }
    ] + [
        {
            "PersonID": f"M{m.pk}",
            "Relationship": m.relationship.upper(),
            "Age": _age(m.date_of_birth, case.approached_on),
            "Pregnant": m.pregnant,
        }
        for m in household
    ]
    personal = [
        {
            "PersonID": f"P{case.person_id}",
            "Name": case.person.legal_name,
            "DateOfBirth": case.person.date_of_birth,
            "NINumber": case.person.ni_number or None,
        }
    ] + [{"PersonID": f"M{m.pk}", "Name": m.name, "DateOfBirth": m.date_of_birth, "NINumber": None} for m in household]

    def duty_section(kind):
        duty = _last(duties, kind)
        if duty is None:
            return None
        reason = None
        if duty.ended_on:
            reason = codes.END_CODES[kind].get(duty.end_reason, codes.NOT_KNOWN)
        return {
            "Start": duty.started_on,
            "End": duty.ended_on,
            "EndReason": reason,
            "AccommodationOutcome": _code(duty.accommodation_secured_type),
            "MainActivity": _code(duty.main_activity),
        }

    decisions = case.hclic_decisions
    decision = decisions[-1] if decisions else None
    main_duty = _last(duties, Duty.Kind.MAIN)
    final = None
    if decision or main_duty:
        final = {
            "MainDutyDecision": codes.DECISION.get(decision.outcome) if decision else None,
            "DecisionDate": decision.decided_on if decision else None,
            "PriorityNeed": _code(decision.priority_need) if decision else None,
            "MainDutyStart": main_duty.started_on if main_duty else None,
            "MainDutyEnd": main_duty.ended_on if main_duty else None,
            "MainDutyEndReason": (
                codes.MAIN_END.get(main_duty.end_reason, codes.NOT_KNOWN) if main_duty and main_duty.ended_on else None
            ),
        }
    return {
        "CaseID": case.pk,
        "Main": main,
        "People": people,
        "Support": sorted(c.code for c in case.hclic_support_needs),
        "Prevention": duty_section(Duty.Kind.PREVENTION),
        "Relief": duty_section(Duty.Kind.RELIEF),
        "FinalDuties": final,
        "Assistance": [
            {"Service": r.service.upper(), "ReferralDate": r.referred_on} for r in case.hclic_service_referrals
        ],
        # Help to move on into the private rented sector (moveon): incentives paid, and each move with
        # whether the six-month follow-up confirmed they were still there.
        "Incentives": [
            {"Kind": i.kind.upper(), "Amount": i.amount, "PaidOn": i.paid_on}
            for offer in case.hclic_offers
            for i in offer.hclic_paid
        ],
        "Moves": [
            {
                "MoveDate": m.start_date,
                "TenancyMonths": m.tenancy_months,
                "SustainedSixMonths": m.still_there
                if m.followed_up_on and m.followed_up_on >= m.follow_up_due
                else None,
            }
            for m in case.hclic_moves
        ],
        "TemporaryAccommodation": [
            {
                "TAType": codes.TA_TYPE[p.kind],
                "TAStart": p.started_on,
                "TAEnd": p.ended_on,
                "TADuty": codes.TA_DUTY[p.duty.kind],
            }
            for p in case.hclic_placements
        ],
        "Reviews": [
            {
                "ReviewRequested": d.review_requested_on,
                "ReviewDecided": d.review_decided_on,
                "ReviewOutcome": d.review_result.upper() or None,
            }
            for d in decisions
            if d.review_requested_on
        ],
        "_personal": personal,
    }


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _fields(parent, values: dict):
    for name, value in values.items():
        if value is not None and name != "PersonID":
            etree.SubElement(parent, name).text = _text(value)


def _root(tag: str, quarter: Quarter, draft: bool, generated) -> etree._Element:
    root = etree.Element(tag, quarter=str(quarter), draft=_text(draft), generated=generated, generator=GENERATOR)
    if draft:
        root.append(etree.Comment(" DRAFT: not for submission; some cases still fail validation. "))
    return root


def _bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _validate(content: bytes) -> None:
    document = etree.fromstring(content)
    if not schema().validate(document):
        raise SchemaError(str(schema().error_log))


def case_xml(records: list[dict], quarter: Quarter, *, draft: bool, generated: str) -> bytes:
    root = _root("HclicReturn", quarter, draft, generated)
    for rec in records:
        case = etree.SubElement(root, "Case", CaseID=str(rec["CaseID"]))
        _fields(etree.SubElement(case, "Main"), rec["Main"])
        people = etree.SubElement(case, "People")
        for person in rec["People"]:
            _fields(etree.SubElement(people, "Person", PersonID=person["PersonID"]), person)
        support = etree.SubElement(case, "Support")
        for need in rec["Support"]:
            etree.SubElement(support, "SupportNeed").text = need
        for section in ("Prevention", "Relief", "FinalDuties"):
            if rec[section] is not None:
                _fields(etree.SubElement(case, section), rec[section])
        assistance = etree.SubElement(case, "Assistance")
        for referral in rec["Assistance"]:
            _fields(etree.SubElement(assistance, "ServiceReferral"), referral)
        for incentive in rec["Incentives"]:
            _fields(etree.SubElement(assistance, "Incentive"), incentive)
        for move in rec["Moves"]:
            _fields(etree.SubElement(assistance, "PrivateRentedMove"), move)
        ta = etree.SubElement(case, "TemporaryAccommodation")
        for placement in rec["TemporaryAccommodation"]:
            _fields(etree.SubElement(ta, "Placement"), placement)
        reviews = etree.SubElement(case, "Reviews")
        for review in rec["Reviews"]:
            _fields(etree.SubElement(reviews, "Review"), review)
    return _bytes(root)


def personal_xml(records: list[dict], quarter: Quarter, *, draft: bool, generated: str) -> bytes:
    root = _root("HclicPersonalData", quarter, draft, generated)
    for rec in records:
        case = etree.SubElement(root, "Case", CaseID=str(rec["CaseID"]))
        for person in rec["_personal"]:
            _fields(etree.SubElement(case, "Person", PersonID=person["PersonID"]), person)
    return _bytes(root)


CSV_HEADER = [
    "CaseID",
    *(
        f"Main.{k}"
        for k in [
            "CaseRef",
            "ApplicationDate",
            "ReferralRoute",
            "AssessmentDate",
            "ReferringBody",
            "InitialAssessment",
            "HouseholdType",
            "Adults",
            "Children",
            "ReasonForLoss",
            "Eligibility",
            "CurrentAccommodation",
            "ClosedDate",
        ]
    ),
    "People",
    "Support",
    *(f"Prevention.{k}" for k in ["Start", "End", "EndReason", "AccommodationOutcome", "MainActivity"]),
    *(f"Relief.{k}" for k in ["Start", "End", "EndReason", "AccommodationOutcome", "MainActivity"]),
    *(
        f"FinalDuties.{k}"
        for k in [
            "MainDutyDecision",
            "DecisionDate",
            "PriorityNeed",
            "MainDutyStart",
            "MainDutyEnd",
            "MainDutyEndReason",
        ]
    ),
    "Assistance",
    "Assistance.IncentivesPaid",
    "Assistance.PrivateRentedMoves",
    "TemporaryAccommodation",
    "Reviews",
]


def csv_rows(records: list[dict]):
    """The case data (never the personal data), one row per case, for core.exports."""
    for rec in records:
        row = {"CaseID": rec["CaseID"], "People": len(rec["People"]), "Support": " ".join(rec["Support"])}
        row.update({f"Main.{k}": v for k, v in rec["Main"].items()})
        for section in ("Prevention", "Relief", "FinalDuties"):
            row.update({f"{section}.{k}": v for k, v in (rec[section] or {}).items()})
        row["Assistance"] = " ".join(r["Service"] for r in rec["Assistance"])
        row["Assistance.IncentivesPaid"] = sum(i["Amount"] for i in rec["Incentives"]) if rec["Incentives"] else None
        row["Assistance.PrivateRentedMoves"] = len(rec["Moves"])
        row["TemporaryAccommodation"] = " ".join(p["TAType"] for p in rec["TemporaryAccommodation"])
        row["Reviews"] = len(rec["Reviews"])
        yield [row.get(name) for name in CSV_HEADER]


def csv_bytes(records: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in csv_rows(records):
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def totals(records: list[dict], quarter: Quarter) -> dict:
    """What DELTA's QA report totals: households owed prevention and relief in the quarter, by reason
    for loss of home, duties ended by outcome, and households in TA at the quarter's end by type."""
    within = lambda day: day is not None and quarter.start <= day <= quarter.end  # noqa: E731
    result = {"cases": len(records)}
    for section in ("Prevention", "Relief"):
        owed = [r for r in records if r[section] and within(r[section]["Start"])]
        ended = [r for r in records if r[section] and within(r[section]["End"])]
        result[section.lower()] = {
            "owed": len(owed),
            "by_reason": dict(Counter(r["Main"]["ReasonForLoss"] or "MISSING" for r in owed)),
            "ended": len(ended),
            "by_outcome": dict(Counter(r[section]["EndReason"] for r in ended)),
        }
    in_ta = Counter()
    for rec in records:
        current = [
            p
            for p in rec["TemporaryAccommodation"]
            if p["TAStart"] <= quarter.end and (p["TAEnd"] is None or p["TAEnd"] >= quarter.end)
        ]
        if current:
            in_ta[current[-1]["TAType"]] += 1
    result["temporary_accommodation"] = {"households": sum(in_ta.values()), "by_type": dict(in_ta)}
    return result


@dataclass
class QuarterFiles:
    quarter: Quarter
    draft: bool
    case_file: bytes
    personal_file: bytes
    csv_file: bytes
    totals: dict
    case_ids: list[int] = field(default_factory=list)

    def filenames(self) -> dict[str, str]:
        suffix = "-DRAFT" if self.draft else ""
        return {
            "case_file": f"hclic-{self.quarter}-cases{suffix}.xml",
            "personal_file": f"hclic-{self.quarter}-personal{suffix}.xml",
            "csv_file": f"hclic-{self.quarter}-cases{suffix}.csv",
        }


# Where each mapping-table section's items are, in the case file.
SECTION_ELEMENTS = {
    "main": "Main",
    "people": "People",
    "support": "Support",
    "prevention": "Prevention",
    "relief": "Relief",
    "final_duties": "FinalDuties",
    "assistance": "Assistance",
    "ta": "TemporaryAccommodation",
    "reviews": "Reviews",
}


def council_names() -> list[tuple[str, str, str, bool]]:
    """The items an administrator renamed in the mapping table: (section, Hearth's name, the council's
    name, personal), against the names Hearth ships in hclic/data/hclic-items.csv (one query)."""
    from .items import DATA
    from .models import HclicItem

    with open(DATA, encoding="utf-8") as handle:
        shipped = {row["number"]: row["element"] for row in csv.DictReader(handle)}
    return [
        (item.section, shipped[item.number], item.element, item.personal)
        for item in HclicItem.objects.order_by("position")
        if item.number in shipped and item.element and item.element != shipped[item.number]
    ]


def _rename(content: bytes, renames, *, personal: bool) -> bytes:
    """Apply the council's names to a file already validated against Hearth's schema, within each
    item's section (Prevention's End is not Relief's), and mark the file as using them."""
    root = etree.fromstring(content)
    root.set("names", "council")
    for section, hearth, council, is_personal in renames:
        if personal != is_personal:
            continue
        scope = "Case/Person" if personal else f"Case/{SECTION_ELEMENTS.get(section, '')}"
        for parent in root.iterfind(scope):
            for element in parent.iter(hearth):
                element.tag = council
    return _bytes(root)


def build(quarter: Quarter, *, draft: bool = False, cases=None) -> QuarterFiles:
    """Every file for the quarter, validated against the schema (raises SchemaError if Hearth erred)."""
    records = [record(case) for case in export_cases(quarter, cases)]
    generated = timezone.now().replace(microsecond=0).isoformat()
    case_file = case_xml(records, quarter, draft=draft, generated=generated)
    personal_file = personal_xml(records, quarter, draft=draft, generated=generated)
    _validate(case_file)
    _validate(personal_file)
    renames = council_names()
    if renames:  # checked against Hearth's schema first; the council's names are applied after
        case_file = _rename(case_file, renames, personal=False)
        personal_file = _rename(personal_file, renames, personal=True)
    csv_file = csv_bytes(records)
    if draft:
        csv_file = b"# DRAFT: not for submission\n" + csv_file
    return QuarterFiles(
        quarter, draft, case_file, personal_file, csv_file, totals(records, quarter), [r["CaseID"] for r in records]
    )
