"""Who may open the compliance pages (issue 12, Access): housing staff for their schemes; support
workers see checks and record staff checks where they work; managers override actions; prevention
officers and team leaders nothing."""

import datetime

from django.core.files.base import ContentFile

from compliance.models import CheckRecord
from tests.access_matrix import HOUSING, HOUSING_AND_SUPPORT, Access
from tests.compliance.factories import ActionFactory, record, schedule_of
from tests.tenancies.factories import PropertyFactory
from tests.tenancies.scoping import scheme_for

MANAGERS = frozenset({"manager", "administrator"})


def _building(user):
    return PropertyFactory(scheme=scheme_for(user))


def _check(code: str):
    def kwargs(user, users):
        return {"pk": schedule_of(code, building=_building(user)).pk}

    return kwargs


def _record(user, users):
    made = record(schedule_of("gas_safety", building=_building(user)), datetime.date(2026, 1, 5))
    made.certificate.save("c.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    made.certificate_type = "application/pdf"
    made.save()
    return {"pk": made.pk}


def _action(user, users):
    schedule = schedule_of("fire_risk_assessment", building=_building(user))
    failed = record(schedule, datetime.date(2026, 1, 5), outcome=CheckRecord.Outcome.FAIL, findings="Door")
    action = ActionFactory(check_record=failed)
    action.evidence.save("e.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    action.evidence_type = "application/pdf"
    action.save()
    return {"pk": action.pk}


ACCESS = {
    "compliance:grid": Access(allowed=HOUSING_AND_SUPPORT),
    "compliance:check_list": Access(allowed=HOUSING_AND_SUPPORT),
    "compliance:check_detail": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_check("gas_safety")),
    "compliance:check_record": Access(allowed=HOUSING, kwargs=_check("gas_safety")),
    "compliance:quick_entry": Access(allowed=HOUSING_AND_SUPPORT),
    "compliance:quick_record": Access(
        allowed=HOUSING_AND_SUPPORT, method="post", kwargs=_check("fire_safety_instructions"), ok=(302,)
    ),
    "compliance:certificate": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_record),
    "compliance:action_list": Access(allowed=HOUSING),
    "compliance:action_detail": Access(allowed=HOUSING, kwargs=_action),
    "compliance:action_start": Access(allowed=HOUSING, method="post", kwargs=_action, ok=(302,)),
    "compliance:action_close": Access(allowed=HOUSING, kwargs=_action),
    "compliance:action_override": Access(allowed=MANAGERS, kwargs=_action),
    "compliance:action_raise_repair": Access(allowed=HOUSING, method="post", kwargs=_action, ok=(302,)),
    "compliance:action_evidence": Access(allowed=HOUSING, kwargs=_action),
}
ACCESS["compliance:report"] = Access(allowed=HOUSING_AND_SUPPORT)
