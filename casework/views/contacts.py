"""The household, the contact log, referrals out to support services and documents kept with a case."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.files import private_file_response
from core.forms import add_validation_error

from .. import sections
from ..forms.contacts import ContactForm, DocumentForm, MemberForm, ServiceReferralForm, ServiceReferralUpdateForm
from ..models import CaseDocument, HouseholdMember, ServiceReferral
from ..services import contacts as services
from .cases import visible_case

PAGE_SIZE = 25
SECTION_CONTACTS = 5


def _on_visible_case(request, model, pk, *, for_update: bool = False):
    """A record on a case the user may see, else 404; changes also need the change permission (else 403)."""
    obj = get_object_or_404(model.objects.visible_to(request.user).select_related("case__person"), pk=pk)
    if for_update and not request.user.has_perm("casework.change_case"):
        raise PermissionDenied
    return obj


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
    case = visible_case(request, pk, for_update=True)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"{member.name} added to the household.")
            return redirect(f"{case.get_absolute_url()}#household")
    return render(request, "casework/contacts/member_form.html", {"form": form, "case": case})


@permission_required("casework.change_householdmember", raise_exception=True)
def member_edit(request, pk):
    member = _on_visible_case(request, HouseholdMember, pk, for_update=True)
    case = member.case
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_update(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"Details of {member.name} saved.")
            return redirect(f"{case.get_absolute_url()}#household")
    return render(request, "casework/contacts/member_form.html", {"form": form, "case": case, "member": member})


@permission_required("casework.change_householdmember", raise_exception=True)
@require_POST
def member_remove(request, pk):
    """Removing someone is a change to the household: the history keeps their record and who removed it."""
    member = _on_visible_case(request, HouseholdMember, pk, for_update=True)
    case, name = member.case, member.name
    services.member_remove(member=member, by=request.user)
    messages.success(request, f"{name} is no longer listed in the household. The case history keeps the record.")
    return redirect(f"{case.get_absolute_url()}#household")


# ---------------------------------------------------------------- contact log
@permission_required("casework.view_contactlog", raise_exception=True)
def contact_list(request, pk):
    case = visible_case(request, pk)
    page = Paginator(case.contacts.select_related("by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "casework/contacts/contact_list.html", {"case": case, "page_obj": page, "contacts": page.object_list}
    )


@permission_required("casework.add_contactlog", raise_exception=True)
def contact_add(request, pk):
    case = visible_case(request, pk, for_update=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contact_add(
                case=case,
                by=request.user,
                happened_at=form.happened_at(),
                method=data["method"],
                direction=data["direction"],
                with_whom=data["with_whom"],
                summary=data["summary"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Contact logged.")
            return redirect(f"{case.get_absolute_url()}#contacts")
    return render(request, "casework/contacts/contact_form.html", {"form": form, "case": case})


# ---------------------------------------------------------------- referrals to support services
@permission_required("casework.add_servicereferral", raise_exception=True)
def service_referral_add(request, pk):
    case = visible_case(request, pk, for_update=True)
    form = ServiceReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.service_referral_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"Referral to {referral.organisation} recorded, with their consent.")
            return redirect(f"{case.get_absolute_url()}#service_referrals")
    return render(request, "casework/contacts/referral_form.html", {"form": form, "case": case})


@permission_required("casework.change_servicereferral", raise_exception=True)
def service_referral_update(request, pk):
    referral = _on_visible_case(request, ServiceReferral, pk, for_update=True)
    case = referral.case
    form = ServiceReferralUpdateForm(request.POST or None, initial={"status": referral.status, "notes": referral.notes})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.service_referral_update(
                referral=referral,
                by=request.user,
                status=data["status"],
                updated_on=data["status_updated_on"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"Referral to {referral.organisation}: {referral.get_status_display().lower()}.")
            return redirect(f"{case.get_absolute_url()}#service_referrals")
    return render(request, "casework/contacts/referral_update.html", {"form": form, "case": case, "referral": referral})


# ---------------------------------------------------------------- documents
@permission_required("casework.add_casedocument", raise_exception=True)
def document_upload(request, pk):
    case = visible_case(request, pk, for_update=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                case=case, by=request.user, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"{document.title} uploaded.")
            return redirect(f"{case.get_absolute_url()}#documents")
    return render(request, "casework/contacts/document_form.html", {"form": form, "case": case})


@permission_required("casework.view_casedocument", raise_exception=True)
def document_download(request, pk):
    """Documents are private files: fetched through the case's scope, never from a public URL."""
    document = _on_visible_case(request, CaseDocument, pk)
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
