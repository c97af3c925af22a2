"""The household, the contact log, referrals out to support services and documents kept with a case."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.files import private_file_response
from core.viewkit import form_view, get_visible, post_action

from .. import sections
from ..forms.contacts import ContactForm, DocumentForm, MemberForm, ServiceReferralForm, ServiceReferralUpdateForm
from ..models import Case, CaseDocument, HouseholdMember, ServiceReferral
from ..services import contacts as services

PAGE_SIZE = 25
SECTION_CONTACTS = 5


def _may(request, model: str) -> bool:
    return request.user.has_perm(f"casework.view_{model}")


# ---------------------------------------------------------------- sections


@sections.section("household", title="Household", template="casework/contacts/_household_section.html", order=10)
def household_section(request, case):
    if not _may(request, "householdmember"):
        return False
    today = timezone.localdate()
    members = list(case.household.all())
    for member in members:
        member.age = services.age_on(member.date_of_birth, today) if member.date_of_birth else ""
    return {"members": members}


@sections.section("contacts", title="Contact log", template="casework/contacts/_contacts_section.html", order=60)
def contacts_section(request, case):
    if not _may(request, "contactlog"):
        return False
    latest = list(case.contacts.select_related("by")[: SECTION_CONTACTS + 1])
    return {"contacts": latest[:SECTION_CONTACTS], "more_contacts": len(latest) > SECTION_CONTACTS}


@sections.section(
    "service_referrals",
    title="Referrals to support services",
    template="casework/contacts/_referrals_section.html",
    order=70,
)
def referrals_section(request, case):
    if not _may(request, "servicereferral"):
        return False
    return {"service_referrals": list(case.service_referrals.select_related("consent", "by"))}


@sections.section("documents", title="Documents", template="casework/contacts/_documents_section.html", order=80)
def documents_section(request, case):
    if not _may(request, "casedocument"):
        return False
    return {"documents": list(case.documents.select_related("uploaded_by"))}


# ---------------------------------------------------------------- household
@permission_required("casework.add_householdmember", raise_exception=True)
def member_add(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    return form_view(
        request,
        MemberForm(request.POST or None),
        template="casework/contacts/member_form.html",
        save=lambda form: services.member_add(case=case, by=request.user, **form.cleaned_data),
        success=lambda member: f"{member.name} added to the household.",
        then=f"{case.get_absolute_url()}#household",
        context={"case": case},
    )


@permission_required("casework.change_householdmember", raise_exception=True)
def member_edit(request, pk):
    member = get_visible(
        HouseholdMember.objects.select_related("case__person"), request.user, perm="casework.change_case", pk=pk
    )
    case = member.case
    return form_view(
        request,
        MemberForm(request.POST or None, instance=member),
        template="casework/contacts/member_form.html",
        save=lambda form: services.member_update(member=member, by=request.user, **form.cleaned_data),
        success=lambda member: f"Details of {member.name} saved.",
        then=f"{case.get_absolute_url()}#household",
        context={"case": case, "member": member},
    )


@permission_required("casework.change_householdmember", raise_exception=True)
@require_POST
def member_remove(request, pk):
    """Removing someone is a change to the household: the history keeps their record and who removed it."""
    member = get_visible(
        HouseholdMember.objects.select_related("case__person"), request.user, perm="casework.change_case", pk=pk
    )
    return post_action(
        request,
        lambda: services.member_remove(member=member, by=request.user),
        success=f"{member.name} is no longer listed in the household. The case history keeps the record.",
        then=f"{member.case.get_absolute_url()}#household",
    )


# ---------------------------------------------------------------- contact log
@permission_required("casework.view_contactlog", raise_exception=True)
def contact_list(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, pk=pk)
    page = Paginator(case.contacts.select_related("by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "casework/contacts/contact_list.html", {"case": case, "page_obj": page, "contacts": page.object_list}
    )


@permission_required("casework.add_contactlog", raise_exception=True)
def contact_add(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)

    def save(form):
        data = form.cleaned_data
        try:
            return services.contact_add(
                case=case,
                by=request.user,
                happened_at=form.happened_at(),
                method=data["method"],
                direction=data["direction"],
                with_whom=data["with_whom"],
                summary=data["summary"],
            )
        except ValidationError as exc:
            raise form.on_form_fields(exc) from exc

    return form_view(
        request,
        ContactForm(request.POST or None),
        template="casework/contacts/contact_form.html",
        save=save,
        success="Contact logged.",
        then=f"{case.get_absolute_url()}#contacts",
        context={"case": case},
    )


# ---------------------------------------------------------------- referrals to support services
@permission_required("casework.add_servicereferral", raise_exception=True)
def service_referral_add(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    return form_view(
        request,
        ServiceReferralForm(request.POST or None),
        template="casework/contacts/referral_form.html",
        save=lambda form: services.service_referral_add(case=case, by=request.user, **form.cleaned_data),
        success=lambda referral: f"Referral to {referral.organisation} recorded, with their consent.",
        then=f"{case.get_absolute_url()}#service_referrals",
        context={"case": case},
    )


@permission_required("casework.change_servicereferral", raise_exception=True)
def service_referral_update(request, pk):
    referral = get_visible(
        ServiceReferral.objects.select_related("case__person"), request.user, perm="casework.change_case", pk=pk
    )
    case = referral.case
    form = ServiceReferralUpdateForm(request.POST or None, initial={"status": referral.status, "notes": referral.notes})

    def save(form):
        data = form.cleaned_data
        return services.service_referral_update(
            referral=referral,
            by=request.user,
            status=data["status"],
            updated_on=data["status_updated_on"],
            notes=data["notes"],
        )

    return form_view(
        request,
        form,
        template="casework/contacts/referral_update.html",
        save=save,
        success=lambda referral: f"Referral to {referral.organisation}: {referral.get_status_display().lower()}.",
        then=f"{case.get_absolute_url()}#service_referrals",
        context={"case": case, "referral": referral},
    )


# ---------------------------------------------------------------- documents
@permission_required("casework.add_casedocument", raise_exception=True)
def document_upload(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    return form_view(
        request,
        DocumentForm(request.POST or None, request.FILES or None),
        template="casework/contacts/document_form.html",
        save=lambda form: services.document_upload(
            case=case, by=request.user, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
        ),
        success=lambda document: f"{document.title} uploaded.",
        then=f"{case.get_absolute_url()}#documents",
        context={"case": case},
    )


@permission_required("casework.view_casedocument", raise_exception=True)
def document_download(request, pk):
    """Documents are private files: fetched through the case's scope, never from a public URL."""
    document = get_visible(CaseDocument.objects.select_related("case__person"), request.user, pk=pk)
    return private_file_response(document.file, filename=services.document_filename(document), as_attachment=True)


urlpatterns = [
    path("cases/<int:pk>/household/new/", member_add, name="member_add"),
    path("household/<int:pk>/edit/", member_edit, name="member_edit"),
    path("household/<int:pk>/remove/", member_remove, name="member_remove"),
    path("cases/<int:pk>/contacts/", contact_list, name="contact_list"),
    path("cases/<int:pk>/contacts/new/", contact_add, name="contact_add"),
    path("cases/<int:pk>/support-referrals/new/", service_referral_add, name="service_referral_add"),
    path("support-referrals/<int:pk>/", service_referral_update, name="service_referral_update"),
    path("cases/<int:pk>/documents/new/", document_upload, name="document_upload"),
    path("documents/<int:pk>/", document_download, name="document_download"),
]
