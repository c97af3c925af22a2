"""Who may work with the household, the contact log, referrals to support services and documents."""

from django.core.files.base import ContentFile

from casework.models import CaseDocument
from tests.access_matrix import Access
from tests.casework.factories import HouseholdMemberFactory, ServiceReferralFactory
from tests.casework.scoping import case_for

PREVENTION = frozenset({"prevention_officer", "team_leader", "administrator"})


def _case(user, users):
    return {"pk": case_for(user).pk}


def _member(user, users):
    return {"pk": HouseholdMemberFactory(case=case_for(user)).pk}


def _referral(user, users):
    case = case_for(user)
    return {"pk": ServiceReferralFactory(case=case, consent__person=case.person).pk}


def _document(user, users):
    case = case_for(user)
    document = CaseDocument(case=case, title="Section 21 notice", uploaded_by=case.officer or users["administrator"])
    document.file.save("notice.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    return {"pk": document.pk}


ACCESS = {
    "casework:member_add": Access(allowed=PREVENTION, kwargs=_case),
    "casework:member_edit": Access(allowed=PREVENTION, kwargs=_member),
    "casework:member_remove": Access(allowed=PREVENTION, method="post", kwargs=_member, ok=(302,)),
    "casework:contact_list": Access(allowed=PREVENTION, kwargs=_case),
    "casework:contact_add": Access(allowed=PREVENTION, kwargs=_case),
    "casework:service_referral_add": Access(allowed=PREVENTION, kwargs=_case),
    "casework:service_referral_update": Access(allowed=PREVENTION, kwargs=_referral),
    "casework:document_upload": Access(allowed=PREVENTION, kwargs=_case),
    "casework:document_download": Access(allowed=PREVENTION, kwargs=_document),
}
