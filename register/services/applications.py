"""Applications to the housing register: open, triage, household and bedrooms, qualify, band, override,
refer, close. Every write is recorded in the application's history with the user."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Team, User
from casework.models import Case, Duty
from core.references import highest_in_use, next_number
from people.models import Person

from .. import rules
from ..models import (
    ApplicationMember,
    Band,
    BandRule,
    QualificationCheck,
    QualificationSettings,
    RegisterApplication,
    Signpost,
)
from .bedrooms import Occupant, age_on, bedroom_need

Status = RegisterApplication.Status
AUTO_OVERCROWDED = "Overcrowded by the bedroom standard"
TRIAGE_FIELDS = {field for _letter, field in RegisterApplication.PREFERENCES} | {
    "urgent",
    "vulnerable",
    "armed_forces",
    "left_forces_on",
    "years_in_district",
    "household_income",
    "savings",
    "housing_arrears",
    "proven_asb",
    "bedrooms_now",
    "triage_note",
}


def _save(obj, by, **kwargs):
    obj._history_user = by
    obj.save(**kwargs)
    return obj


def _next_reference(year: int) -> str:
    prefix = f"HR-{year}-"

    def highest() -> int:
        return highest_in_use(
            RegisterApplication.objects.filter(reference__startswith=prefix).values_list("reference", flat=True),
            prefix,
        )

    return f"{prefix}{next_number(f'register.application.{year}', start_after=highest):05d}"


def _locked(application: RegisterApplication) -> RegisterApplication:
    application = RegisterApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise ValidationError("This application is closed.")
    return application


def proposed_preferences(case: Case | None) -> dict[str, str]:
    """What casework already knows: the open duties on the case propose (a) and (b), with where from.

    Relief (s189B) means they are homeless: (a). The main duty (s193(2)) is both (a) and (b). The
    prevention duty (s195(2)) is (b). Interim accommodation (s188) alone proposes nothing.
    """
    if case is None:
        return {}
    proposed: dict[str, str] = {}
    for duty in case.duties.filter(ended_on__isnull=True).order_by("started_on"):
        where = f"from case {case.reference}: {duty.get_kind_display()} since {duty.started_on:%-d %B %Y}"
        if duty.kind in (Duty.Kind.RELIEF, Duty.Kind.MAIN):
            proposed.setdefault("pref_homeless", where)
        if duty.kind in (Duty.Kind.MAIN, Duty.Kind.PREVENTION):
            proposed.setdefault("pref_duty", where)
    return proposed


@transaction.atomic
def application_open(
    *,
    person: Person,
    team: Team,
    by: User,
    case: Case | None = None,
    officer: User | None = None,
    applied_on: date | None = None,
) -> RegisterApplication:
    applied_on = applied_on or timezone.localdate()
    if applied_on > timezone.localdate():
        raise ValidationError({"applied_on": "The date applied cannot be in the future."})
    if case is not None and case.person_id != person.pk:
        raise ValidationError("The case is for someone else.")
    application = RegisterApplication(
        reference=_next_reference(applied_on.year),
        person=person,
        case=case,
        team=team,
        officer=officer,
        applied_on=applied_on,
    )
    for field, source in proposed_preferences(case).items():
        setattr(application, field, True)
        setattr(application, f"{field}_source", source)
    _save(application, by)
    if case is not None:
        household_from_case(application=application, by=by)
    return application


@transaction.atomic
def application_triage(*, application: RegisterApplication, by: User, **answers) -> RegisterApplication:
    """Record the officer's view of preference, urgency, vulnerability and the qualification facts.

    A preference the officer sets or clears here is theirs ("set by the officer"); one they leave as it
    was keeps its source. Then bedrooms, qualification and band are worked out again.
    """
    unknown = set(answers) - TRIAGE_FIELDS
    if unknown:
        raise TypeError(f"application_triage() does not set {', '.join(sorted(unknown))}")
    application = _locked(application)
    for _letter, field in RegisterApplication.PREFERENCES:
        if field in answers:
            held = bool(answers.pop(field))
            if held != getattr(application, field):
                setattr(application, field, held)
                setattr(application, f"{field}_source", f"set by {by.full_name or by.email}" if held else "")
    for name, value in answers.items():
        setattr(application, name, value)
    if (
        application.armed_forces == RegisterApplication.ArmedForces.FORMER
        and application.left_forces_on is None
        and application.applied_on < rules.ARMED_FORCES_ALL_VETERANS_FROM
    ):
        raise ValidationError({"left_forces_on": "Give the date they left the regular forces."})
    if application.status == Status.RECEIVED:
        application.status = Status.TRIAGED
    application.full_clean()
    _save(application, by)
    return assess(application=application, by=by)


@transaction.atomic
def household_from_case(*, application: RegisterApplication, by: User) -> int:
    """Copy the case's household (with a date of birth) onto the application; sex is asked for here."""
    if application.case_id is None:
        return 0
    made = 0
    known = set(application.household.values_list("name", "date_of_birth"))
    for member in application.case.household.exclude(date_of_birth__isnull=True):
        if (member.name, member.date_of_birth) in known:
            continue
        relationship = {
            "partner": ApplicationMember.Relationship.PARTNER,
            "child": ApplicationMember.Relationship.CHILD,
        }.get(member.relationship, ApplicationMember.Relationship.OTHER)
        _save(
            ApplicationMember(
                application=application, name=member.name, relationship=relationship, date_of_birth=member.date_of_birth
            ),
            by,
        )
        made += 1
    return made


@transaction.atomic
def household_add(
    *, application: RegisterApplication, name: str, relationship: str, date_of_birth: date, by: User, sex: str = ""
) -> ApplicationMember:
    application = _locked(application)
    if date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "The date of birth cannot be in the future."})
    if (
        relationship == ApplicationMember.Relationship.PARTNER
        and application.household.filter(relationship=ApplicationMember.Relationship.PARTNER).exists()
    ):
        raise ValidationError({"relationship": "A partner is already recorded."})
    member = ApplicationMember(
        application=application, name=name.strip(), relationship=relationship, date_of_birth=date_of_birth, sex=sex
    )
    member.full_clean()
    _save(member, by)
    assess(application=application, by=by)
    return member


def _bedrooms(application: RegisterApplication, today: date) -> None:
    person = application.person
    if person.date_of_birth is None:
        application.bedrooms_needed, application.bedroom_reason = None, "The applicant's date of birth is not known."
    else:
        applicant = Occupant(person.name, age_on(person.date_of_birth, today))
        others = [
            Occupant(
                m.name,
                age_on(m.date_of_birth, today),
                m.sex,
                partner=m.relationship == ApplicationMember.Relationship.PARTNER,
            )
            for m in application.household.all()
        ]
        needed, reasons = bedroom_need(applicant, others)
        application.bedrooms_needed = needed
        application.bedroom_reason = "; ".join(reasons)
    overcrowded = (
        application.bedrooms_needed is not None
        and application.bedrooms_now is not None
        and application.bedrooms_needed > application.bedrooms_now
    )
    application.overcrowded = overcrowded
    # The automatic flag feeds preference (c); an officer's own (c) is left alone.
    auto = application.pref_conditions_source.startswith(AUTO_OVERCROWDED)
    if overcrowded and (not application.pref_conditions or auto):
        application.pref_conditions = True
        application.pref_conditions_source = (
            f"{AUTO_OVERCROWDED}: needs {application.bedrooms_needed}, has {application.bedrooms_now}"
        )
    elif not overcrowded and auto:
        application.pref_conditions, application.pref_conditions_source = False, ""


def _armed_forces_exempt(application: RegisterApplication) -> str:
    """Why SI 2012/1869 reg 3 lifts the local connection test, or "" if it does not."""
    kinds = RegisterApplication.ArmedForces
    if application.armed_forces in (kinds.SERVING, kinds.SERVING_INJURED):
        return "serving in the regular forces (SI 2012/1869 reg 3(3)(a))"
    if application.armed_forces == kinds.BEREAVED:
        return "bereaved spouse or civil partner leaving MoD accommodation (SI 2012/1869 reg 3(3)(b))"
    if application.armed_forces == kinds.RESERVE_INJURED:
        return "reserve forces with a service injury, illness or disability (SI 2012/1869 reg 3(3)(c))"
    if application.armed_forces == kinds.FORMER:
        if application.applied_on >= rules.ARMED_FORCES_ALL_VETERANS_FROM:
            return "a veteran of the regular forces (SI 2012/1869 reg 3(3)(a), as amended from 18 December 2024)"
        left = application.left_forces_on
        applied = application.applied_on
        if (
            left
            and (applied.year - left.year) * 12 + applied.month - left.month <= rules.ARMED_FORCES_RECENT_SERVICE.amount
        ):
            return "left the regular forces within five years of applying (SI 2012/1869 reg 3(3)(a) as made)"
    return ""


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def qualification_results(application: RegisterApplication, today: date) -> list[tuple[str, bool, bool, str]]:
    """(check, passed, exempt, reason) for each check the scheme has switched on."""
    scheme = QualificationSettings.current()
    Check = QualificationCheck.Check
    results = []
    if scheme.local_connection_years:
        needed = scheme.local_connection_years
        exempt = _armed_forces_exempt(application)
        years = application.years_in_district
        if exempt:
            results.append(
                (Check.LOCAL_CONNECTION, True, True, f"Exempt: {exempt}. The scheme otherwise needs {needed} years.")
            )
        elif years is None:
            results.append((Check.LOCAL_CONNECTION, False, False, "Years living in the district not recorded yet."))
        else:
            results.append(
                (
                    Check.LOCAL_CONNECTION,
                    years >= needed,
                    False,
                    f"{years} years in the district; the scheme needs {needed}.",
                )
            )
    for check, value, limit, what in (
        (Check.INCOME, application.household_income, scheme.income_limit, "gross household income"),
        (Check.SAVINGS, application.savings, scheme.savings_limit, "capital and savings"),
        (Check.ARREARS, application.housing_arrears, scheme.arrears_limit, "housing-related arrears"),
    ):
        if limit is None:
            continue
        if value is None:
            results.append((check, False, False, f"The {what} is not recorded yet."))
        else:
            results.append((check, value <= limit, False, f"{_money(value)} {what}; the limit is {_money(limit)}."))
    if scheme.refuse_proven_asb:
        results.append(
            (
                Check.ASB,
                not application.proven_asb,
                False,
                "Proven anti-social behaviour." if application.proven_asb else "No proven anti-social behaviour.",
            )
        )
    if scheme.refuse_existing_application:
        other = (
            RegisterApplication.objects.open()
            .filter(person_id=application.person_id)
            .exclude(pk=application.pk)
            .filter(applied_on__lte=application.applied_on)
            .exclude(applied_on=application.applied_on, pk__gt=application.pk)
            .first()
        )
        results.append(
            (
                Check.EXISTING,
                other is None,
                False,
                f"Already has an open application, {other.reference}." if other else "No other open application.",
            )
        )
    return results


def band_for(application: RegisterApplication) -> tuple[BandRule | None, str]:
    """The first active rule, in priority order, whose conditions all hold; and why."""
    categories = application.categories()
    for rule in BandRule.objects.filter(active=True).select_related("band").order_by("priority"):
        if rule.category == BandRule.Category.ANY and not categories:
            continue
        if rule.category not in ("", BandRule.Category.ANY) and rule.category not in categories:
            continue
        if rule.needs_urgent and not application.urgent:
            continue
        if rule.needs_vulnerable and not application.vulnerable:
            continue
        if rule.needs_overcrowded and not application.overcrowded:
            continue
        if rule.needs_additional_preference and not application.additional_preference:
            continue
        conditions = rule.conditions()
        because = f" because of {', '.join(conditions)}" if conditions else " (no conditions: everyone else)"
        return rule, f"Rule {rule.priority}, '{rule.name}', matched{because}: band {rule.band.code}."
    return None, "No banding rule matched. An administrator needs to add a rule that matches everyone."


def _set_effective(application: RegisterApplication, today: date) -> None:
    effective_id = application.override_band_id or application.calculated_band_id
    if effective_id != application.effective_band_id:
        application.effective_band_id = effective_id
        application.band_since = today if effective_id else None


@transaction.atomic
def assess(*, application: RegisterApplication, by: User) -> RegisterApplication:
    """Bedrooms, qualification and band, worked out again from what is recorded. Nothing happens to a
    received (untriaged) application except its bedrooms."""
    application = _locked(application)
    today = timezone.localdate()
    _bedrooms(application, today)
    if application.status != Status.RECEIVED:
        application.checks.all().delete()
        results = qualification_results(application, today)
        QualificationCheck.objects.bulk_create(
            QualificationCheck(application=application, check_name=c, passed=p, exempt=e, reason=r, checked_by=by)
            for c, p, e, r in results
        )
        if not all(passed for _, passed, _, _ in results):
            application.status = Status.DOES_NOT_QUALIFY
            application.calculated_band = application.calculated_rule = None
            application.calculation = "Does not qualify, so not banded."
        else:
            rule, why = band_for(application)
            application.calculated_rule = rule
            application.calculated_band = rule.band if rule else None
            application.calculation = why
            application.status = Status.BANDED if rule or application.override_band_id else Status.QUALIFIES
        _set_effective(application, today)
    return _save(application, by)


@transaction.atomic
def band_override(*, application: RegisterApplication, band: Band | None, reason: str, by: User) -> RegisterApplication:
    """Put the applicant in `band` whatever the rules say (or, with no band, go back to the calculated one).
    A reason is always needed; it stays in the application's history."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason for overriding the band."})
    application = _locked(application)
    if application.status == Status.DOES_NOT_QUALIFY:
        raise ValidationError("This applicant does not qualify, so cannot be banded.")
    application.override_band = band
    application.override_reason = reason.strip() if band else f"Override removed: {reason.strip()}"
    application.override_by = by if band else None
    if application.status in (Status.TRIAGED, Status.QUALIFIES) and band:
        application.status = Status.BANDED
    _set_effective(application, timezone.localdate())
    return _save(application, by)


@transaction.atomic
def signpost_add(
    *, application: RegisterApplication, to_whom: str, by: User, made_on: date | None = None, note: str = ""
) -> Signpost:
    application = _locked(application)
    made_on = made_on or timezone.localdate()
    if made_on > timezone.localdate():
        raise ValidationError({"made_on": "The date cannot be in the future."})
    signpost = Signpost(application=application, to_whom=to_whom.strip(), made_on=made_on, note=note.strip(), by=by)
    signpost.full_clean()
    return _save(signpost, by)


@transaction.atomic
def application_close(*, application: RegisterApplication, reason: str, by: User) -> RegisterApplication:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason for closing the application."})
    application = _locked(application)
    application.status = Status.CLOSED
    application.closed_on = timezone.localdate()
    application.closure_reason = reason.strip()
    return _save(application, by)
