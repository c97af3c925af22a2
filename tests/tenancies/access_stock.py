from tests.access_matrix import HOUSING, HOUSING_AND_SUPPORT, Access
from tests.tenancies.factories import AgreementFactory, UnitFactory
from tests.tenancies.scoping import scheme_for


def _scheme(user, users):
    return {"pk": scheme_for(user).pk}


def _unit(user, users):
    return {"pk": UnitFactory(property__scheme=scheme_for(user)).pk}


def _resident(user, users):
    agreement = AgreementFactory(unit__property__scheme=scheme_for(user))
    if user.has_role("Support Worker"):
        agreement.person.key_support_worker = user
        agreement.person.save()
    return {"pk": agreement.person.pk}


ACCESS = {
    "tenancies:scheme_list": Access(allowed=HOUSING_AND_SUPPORT),
    "tenancies:scheme_detail": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_scheme),
    "tenancies:unit_detail": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_unit),
    "tenancies:resident_list": Access(allowed=HOUSING_AND_SUPPORT),
    "tenancies:resident_detail": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_resident),
    "tenancies:resident_sensitive": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_resident),
    "tenancies:resident_edit": Access(allowed=HOUSING, kwargs=_resident),
    "tenancies:support_note_add": Access(
        allowed=HOUSING_AND_SUPPORT,
        method="post",
        kwargs=_resident,
        data={"written_on": "2026-11-20", "text": "Called in for a chat; doing well."},
        ok=(302,),
    ),
}
