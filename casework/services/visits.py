"""Home visits: planning, check-in and check-out from a phone, findings, and the lone-working alerts.

Lone working (Health and Safety at Work etc. Act 1974 s2, and the employer's lone-working policy): an
officer who has checked in and not checked out by the expected finish plus LONE_WORKING_ALERT_GRACE raises an alert
to their team leader; every LONE_WORKING_ESCALATE_EVERY without acknowledgement it goes one level wider.
"""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import roles
from accounts.models import User
from core.models import Notification
from core.services import notify

from ..models import Case, HomeVisit
from ..models.visits import ALERT_KEY
from ..rules import LONE_WORKING_ALERT_GRACE, LONE_WORKING_ESCALATE_EVERY, LONE_WORKING_SWEEP_EVERY
from .common import locked_open_case, save_by

FINDINGS_FIELDS = (
    "present",
    "applicant_lives_there",
    "space",
    "disrepair",
    "hazards",
    "reason_at_risk",
    "staff_risks",
    "notes",
    "follow_ups",
)
# Level 1: the team leader; 2: every team leader; 3 and on: administrators too.
TOP_LEVEL = 3


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def _locked(visit: HomeVisit) -> HomeVisit:
    return HomeVisit.objects.select_for_update(of=("self",)).select_related("case__team", "officer").get(pk=visit.pk)


def _only_the_officer(visit: HomeVisit, by: User, doing: str) -> None:
    if visit.officer_id != by.pk:
        raise ValidationError(f"Only {visit.officer}, who is making this visit, can {doing}.")


def alert_fires_at(visit: HomeVisit) -> datetime:
    """When the first alert goes if the officer has not checked out: the first sweep (beat runs it on each
    LONE_WORKING_SWEEP_EVERY, counted from the hour) at or after the expected finish plus the grace. The officer
    is told this time, not the expected finish, so what they are told is what happens."""
    moment = LONE_WORKING_ALERT_GRACE.due(visit.expected_end)
    step = LONE_WORKING_SWEEP_EVERY.as_timedelta()
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    return epoch - ((epoch - moment) // step) * step


def can_acknowledge(user: User) -> bool:
    """Team leaders and administrators answer lone-working alerts."""
    return user.is_active and (user.is_superuser or user.has_role(roles.TEAM_LEADER, roles.ADMINISTRATOR))


@transaction.atomic
def visit_plan(
    *, case: Case, by: User, address: str, planned_start: datetime, expected_end: datetime, kind: str = "planned"
) -> HomeVisit:
    """Plan a visit on an open case; the person planning it is the visiting officer."""
    case = locked_open_case(case, "This case is closed, so no visit can be planned on it.")
    if kind not in HomeVisit.Kind.values:
        raise ValidationError({"kind": "Choose whether the visit is planned or unannounced."})
    if not address.strip():
        raise ValidationError({"address": "Enter the address you are visiting."})
    if expected_end <= planned_start:
        raise ValidationError({"expected_end": "The expected finish must be after the start."})
    visit = HomeVisit(
        case=case,
        officer=by,
        kind=kind,
        address=address.strip(),
        planned_start=planned_start,
        expected_end=expected_end,
    )
    return save_by(visit, by)


@transaction.atomic
def visit_check_in(
    *, visit: HomeVisit, by: User, expected_end: datetime | None = None, at: datetime | None = None
) -> HomeVisit:
    """The officer arrives. From now on, not checking out in time raises a lone-working alert."""
    visit = _locked(visit)
    _only_the_officer(visit, by, "check in")
    if visit.checked_in_at is not None:
        raise ValidationError(f"You already checked in at {timezone.localtime(visit.checked_in_at):%H:%M}.")
    at = at or timezone.now()
    expected_end = expected_end or visit.expected_end
    if expected_end <= at:
        raise ValidationError({"expected_end": "The expected finish must be later than now."})
    visit.checked_in_at = at
    visit.expected_end = expected_end
    if visit.planned_start > at:
        visit.planned_start = at  # started early: the visit runs from the check-in
    return save_by(visit, by, update_fields=["checked_in_at", "expected_end", "planned_start"])


@transaction.atomic
def visit_check_out(*, visit: HomeVisit, by: User, at: datetime | None = None) -> HomeVisit:
    """The officer has left safely. Anyone alerted about them is told they are safe."""
    visit = _locked(visit)
    _only_the_officer(visit, by, "check out")
    if visit.checked_in_at is None:
        raise ValidationError("You have not checked in to this visit yet, so you cannot check out.")
    if visit.checked_out_at is not None:
        raise ValidationError(f"You already checked out at {timezone.localtime(visit.checked_out_at):%H:%M}.")
    now = timezone.now()
    at = at or now
    if at < visit.checked_in_at:
        raise ValidationError(
            {
                "checked_out_at": "The time you left cannot be before you checked in "
                f"({timezone.localtime(visit.checked_in_at):%H:%M})."
            }
        )
    if at > now:
        raise ValidationError({"checked_out_at": "The time you left cannot be in the future."})
    visit.checked_out_at = at
    save_by(visit, by, update_fields=["checked_out_at"])
    if visit.alert_level:
        for recipient in _alerted(visit).exclude(pk=by.pk):
            notify(
                recipient=recipient,
                key=f"lone-working-safe:{visit.pk}",
                subject=f"Lone working: {visit.officer} is safe and has checked out",
                body=f"{visit.officer} checked out of the visit at {visit.address} at {_local(at)}. "
                "No further action is needed for this alert.",
                url=visit.get_absolute_url(),
            )
    return visit


@transaction.atomic
def visit_record_findings(*, visit: HomeVisit, by: User, **findings) -> HomeVisit:
    """What the officer found, during or after the visit."""
    unknown = set(findings) - set(FINDINGS_FIELDS)
    if unknown:
        raise TypeError(f"Not visit findings: {sorted(unknown)}")
    visit = _locked(visit)
    for name, value in findings.items():
        setattr(visit, name, value)
    return save_by(visit, by, update_fields=list(findings))


@transaction.atomic
def visit_acknowledge_alert(*, visit: HomeVisit, by: User, note: str) -> HomeVisit:
    """A team leader or administrator has taken the alert in hand; escalation stops."""
    visit = _locked(visit)
    if not can_acknowledge(by):
        raise ValidationError("Only a team leader or an administrator can acknowledge a lone-working alert.")
    if not visit.alert_open:
        raise ValidationError("There is no open lone-working alert on this visit.")
    if not note.strip():
        raise ValidationError({"note": "Say what you have done, for example who you called and what they said."})
    visit.alert_acknowledged_at = timezone.now()
    visit.alert_acknowledged_by = by
    visit.alert_note = note.strip()
    save_by(visit, by, update_fields=["alert_acknowledged_at", "alert_acknowledged_by", "alert_note"])
    for recipient in _alerted(visit).exclude(pk=by.pk):
        notify(
            recipient=recipient,
            key=f"lone-working-acknowledged:{visit.pk}",
            subject=f"Lone working: {by} is dealing with the alert about {visit.officer}",
            body=f"{by} acknowledged the alert at {_local(visit.alert_acknowledged_at)}: {visit.alert_note}",
            url=visit.get_absolute_url(),
        )
    return visit


# ------------------------------------------------------------------------------------------- lone working


def _alerted(visit: HomeVisit):
    """Everyone who has been sent a lone-working alert about this visit."""
    keys = Notification.objects.filter(key__startswith=ALERT_KEY.format(pk=visit.pk, level=""))
    return User.objects.filter(pk__in=keys.values("recipient_id"))


def _team_leaders_for(visit: HomeVisit) -> Q:
    """The case team's leader; else every team leader in the officer's own team."""
    leader = visit.case.team.leader
    if leader is not None and leader.is_active and leader.pk != visit.officer_id:
        return Q(pk=leader.pk)
    if visit.officer.team_id:
        return Q(groups__name=roles.TEAM_LEADER, team_id=visit.officer.team_id)
    return Q(pk__in=[])


def alert_recipients(visit: HomeVisit, level: int) -> list[User]:
    """Who is told at a level (never the officer who is missing). If nobody is found at a level,
    the next wider group is told at once: an alert must always reach someone."""
    active = User.objects.filter(is_active=True).exclude(pk=visit.officer_id)
    found: list[User] = []
    for wider in range(min(level, TOP_LEVEL), TOP_LEVEL + 1):
        who = _team_leaders_for(visit)
        if wider >= 2:
            who |= Q(groups__name=roles.TEAM_LEADER)
        if wider >= 3:
            who |= Q(groups__name=roles.ADMINISTRATOR) | Q(is_superuser=True)
        found = list(active.filter(who).distinct().order_by("full_name", "pk"))
        if found:
            break
    return found


def _alert_message(visit: HomeVisit, level: int) -> tuple[str, str]:
    officer = visit.officer
    subject = f"Lone working: {officer} has not checked out"
    if level > 1:
        subject += f" (escalated, level {level})"
    phone = officer.phone
    lines = [
        f"{officer} checked in to a home visit at {_local(visit.checked_in_at)} and was expected to finish at "
        f"{_local(visit.expected_end)}, but has not checked out.",
        f"Address: {visit.address}",
        f"Officer: {officer}" + (f", phone {phone}" if phone else f", {officer.email}"),
        f"Case: {visit.case.reference}",
        "Try to reach them now. When you know what is happening, acknowledge the alert on the visit page "
        "and say what you did, so it stops escalating.",
    ]
    if level > 1:
        lines.insert(0, f"Nobody has acknowledged this alert yet, so it has been escalated to level {level}.")
    return subject[:200], "\n".join(lines)


def lone_working_sweep(*, now: datetime) -> int:
    """Alert or escalate every overdue check-out. Idempotent: keys are per visit and level, and a level
    is only raised once LONE_WORKING_ESCALATE_EVERY has passed since the last one. Returns notifications sent."""
    sent = 0
    for visit_id in HomeVisit.objects.overdue_checkout(now).values_list("pk", flat=True):
        sent += _sweep_one(visit_id, now)
    return sent


@transaction.atomic
def _sweep_one(visit_id: int, now: datetime) -> int:
    visit = (
        HomeVisit.objects.overdue_checkout(now)
        .select_for_update(of=("self",))  # PostgreSQL refuses FOR UPDATE on the nullable side of a join
        .select_related("case__team__leader", "officer")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:  # checked out or acknowledged since the sweep started
        return 0
    if visit.alert_level and visit.last_alert_at and now < LONE_WORKING_ESCALATE_EVERY.due(visit.last_alert_at):
        return 0
    level = visit.alert_level + 1
    subject, body = _alert_message(visit, level)
    sent = 0
    for recipient in alert_recipients(visit, level):
        key = ALERT_KEY.format(pk=visit.pk, level=level)
        sent += (
            notify(recipient=recipient, key=key, subject=subject, body=body, url=visit.get_absolute_url()) is not None
        )
    visit.alert_level = level
    visit.last_alert_at = now
    save_by(visit, None, update_fields=["alert_level", "last_alert_at"])
    return sent
