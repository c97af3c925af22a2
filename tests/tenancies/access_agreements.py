from tests.access_matrix import HOUSING, Access
from tests.tenancies.factories import AgreementFactory
from tests.tenancies.scoping import scheme_for


def _agreement(user, users):
    return {"pk": AgreementFactory(unit__property__scheme=scheme_for(user)).pk}


ACCESS = {
    "tenancies:sign_up": Access(allowed=HOUSING),
    "tenancies:agreement_detail": Access(allowed=HOUSING, kwargs=_agreement),
    "tenancies:agreement_checklist": Access(allowed=HOUSING, kwargs=_agreement),
    "tenancies:agreement_end": Access(allowed=HOUSING, kwargs=_agreement),
    "tenancies:agreement_refer": Access(allowed=HOUSING, kwargs=_agreement),
}
