"""Sign-up, agreements, the checklist, ending and referral to the council."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.forms import add_validation_error

from ..forms.agreements import AgreementForm, ChecklistForm, EndAgreementForm, ReferralForm, SignUpPersonForm
from ..models import Agreement, Unit
from ..services import agreements as services


@permission_required("tenancies.add_agreement", raise_exception=True)
def sign_up(request):
    """A new resident and their licence or tenancy, in one form."""
    units = Unit.objects.visible_to(request.user).select_related("property__scheme").void()
    initial = {"start_date": timezone.localdate()}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = request.GET["unit"]
    person_form = SignUpPersonForm(request.POST or None)
    agreement_form = AgreementForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and person_form.is_valid() and agreement_form.is_valid():
        person_data = dict(person_form.cleaned_data)
        try:
            agreement = services.resident_sign_up(
                person_data=person_data, agreement_data=agreement_form.cleaned_data, by=request.user
            )
        except ValidationError as exc:
            add_validation_error(agreement_form, exc)
        else:
            messages.success(
                request, f"{agreement.person} is signed up to {agreement.unit}. Complete the sign-up checklist next."
            )
            return redirect(agreement)
    return render(
        request, "tenancies/agreements/sign_up.html", {"person_form": person_form, "agreement_form": agreement_form}
    )


def _visible_agreement(request, pk) -> Agreement:
    return get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related("person", "unit__property__scheme"), pk=pk
    )


@permission_required("tenancies.view_agreement", raise_exception=True)
def agreement_detail(request, pk):
    agreement = _visible_agreement(request, pk)
    return render(
        request,
        "tenancies/agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "checklist_form": ChecklistForm(instance=agreement),
            "referrals": agreement.person.referrals.visible_to(request.user),
        },
    )


@permission_required("tenancies.change_agreement", raise_exception=True)
def agreement_checklist(request, pk):
    agreement = _visible_agreement(request, pk)
    form = ChecklistForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        was_active = agreement.status == Agreement.Status.ACTIVE
        try:
            services.agreement_update_checklist(
                agreement=Agreement.objects.get(pk=agreement.pk), by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            agreement.refresh_from_db()
            if agreement.status == Agreement.Status.ACTIVE and not was_active:
                messages.success(request, "Sign-up checklist complete: the agreement is now active.")
            else:
                messages.success(request, "Sign-up checklist saved.")
            return redirect(agreement)
    return render(request, "tenancies/agreements/checklist.html", {"agreement": agreement, "form": form})


@permission_required("tenancies.change_agreement", raise_exception=True)
def agreement_end(request, pk):
    agreement = _visible_agreement(request, pk)
    form = EndAgreementForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if agreement.status == Agreement.Status.ENDED:
        messages.info(request, "This agreement has already ended.")
        return redirect(agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_end(
                agreement=agreement,
                end_date=data["end_date"],
                reason=data["reason"],
                positive_move_on=data["positive_move_on"],
                destination=data["destination"],
                by=request.user,
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"The agreement has ended. {agreement.unit} is now void from the next day.")
            return redirect(agreement)
    return render(request, "tenancies/agreements/end.html", {"agreement": agreement, "form": form})


@permission_required("tenancies.change_agreement", raise_exception=True)
def agreement_refer(request, pk):
    """Refer to the council's homelessness prevention team when the home is at risk."""
    agreement = _visible_agreement(request, pk)
    form = ReferralForm(request.POST or None, initial={"expected_loss_on": agreement.end_date})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.agreement_refer_to_council(
                agreement=agreement,
                risk=data["risk"],
                reason=data["reason"],
                expected_loss_on=data["expected_loss_on"],
                consent_how=data["consent_how"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Referral sent to the council's prevention team (reference {referral.pk}).")
            return redirect(agreement)
    return render(request, "tenancies/agreements/refer.html", {"agreement": agreement, "form": form})


urlpatterns = [
    path("sign-up/", sign_up, name="sign_up"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/checklist/", agreement_checklist, name="agreement_checklist"),
    path("agreements/<int:pk>/end/", agreement_end, name="agreement_end"),
    path("agreements/<int:pk>/refer/", agreement_refer, name="agreement_refer"),
]
