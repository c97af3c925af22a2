"""Who may open the incident pages."""

import datetime

from django.core.files.base import ContentFile

from tenancies.models import LadderStep, Letter
from tests.access_matrix import HOUSING, HOUSING_AND_SUPPORT, Access
from tests.tenancies.factories import LadderActionFactory, incident_about, resident_in
from tests.tenancies.scoping import scheme_for


def _incident(user, users):
    return {"pk": incident_about(resident_in(scheme_for(user))).pk}


def _incident_and_resident(user, users):
    agreement = resident_in(scheme_for(user))
    return {"pk": incident_about(agreement).pk, "person_pk": agreement.person.pk}


def _letter(user, users):
    agreement = resident_in(scheme_for(user))
    action = LadderActionFactory(incident=incident_about(agreement), agreement=agreement, step=LadderStep.FIRST_WARNING)
    letter = Letter(person=agreement.person, ladder_action=action, title="First written warning")
    letter.file.save("first-warning.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    return {"pk": letter.pk}


_today = datetime.date.today()

ACCESS = {
    "tenancies:incident_list": Access(allowed=HOUSING_AND_SUPPORT),
    "tenancies:incident_create": Access(allowed=HOUSING),
    "tenancies:incident_detail": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_incident),
    "tenancies:ladder_action_create": Access(allowed=HOUSING, kwargs=_incident_and_resident),
    "tenancies:incident_close": Access(
        allowed=HOUSING,
        method="post",
        kwargs=_incident,
        data={"closed_on": _today.isoformat(), "outcome": "Talked it through; all settled."},
        ok=(302,),
    ),
    "tenancies:incident_review": Access(
        allowed=HOUSING,
        method="post",
        kwargs=_incident,
        data={"review_on": (_today + datetime.timedelta(days=7)).isoformat()},
        ok=(302,),
    ),
    "tenancies:letter_download": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_letter),
}
