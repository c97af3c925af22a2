"""Sign-up, agreements, the checklist, ending and referral to the council."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.forms import add_validation_error
from core.viewkit import form_view, get_visible, query_id

from ..forms.agreements import AgreementForm, ChecklistForm, EndAgreementForm, ReferralForm, SignUpPersonForm
from ..models import Agreement, Unit
from ..services import agreements as services


@permission_required("tenancies.add_agreement", raise_exception=True)
def sign_up(request):
    """A new resident and their licence or tenancy, in one page of two forms (so it stays plain)."""
    units = Unit.objects.visible_to(request.user).select_related("property__scheme").lettable()
    initial = {"start_date": timezone.localdate()}
    unit_id = query_id(request, "unit")
    if unit_id is not None:
        initial["unit"] = str(unit_id)
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
    return get_visible(Agreement.objects.select_related("person", "unit__property__scheme"), request.user, pk=pk)


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
    was_active = agreement.status == Agreement.Status.ACTIVE

    def done(saved: Agreement) -> str:
        if saved.status == Agreement.Status.ACTIVE and not was_active:
            return "Sign-up checklist complete: the agreement is now active."
        return "Sign-up checklist saved."

    return form_view(
        request,
        ChecklistForm(request.POST or None, instance=agreement),
        template="tenancies/agreements/checklist.html",
        # The model form has already written the ticks onto `agreement`; the service gets a fresh row.
        save=lambda form: services.agreement_update_checklist(
            agreement=Agreement.objects.get(pk=agreement.pk), by=request.user, **form.cleaned_data
        ),
        success=done,
        context={"agreement": agreement},
    )


@permission_required("tenancies.change_agreement", raise_exception=True)
def agreement_end(request, pk):
    agreement = _visible_agreement(request, pk)
    if agreement.status == Agreement.Status.ENDED:
        messages.info(request, "This agreement has already ended.")
        return redirect(agreement)
    return form_view(
        request,
        EndAgreementForm(request.POST or None, initial={"end_date": timezone.localdate()}),
        template="tenancies/agreements/end.html",
        save=lambda form: services.agreement_end(
            agreement=agreement,
            end_date=form.cleaned_data["end_date"],
            reason=form.cleaned_data["reason"],
            positive_move_on=form.cleaned_data["positive_move_on"],
            destination=form.cleaned_data["destination"],
            by=request.user,
        ),
        success=f"The agreement has ended. {agreement.unit} is now void from the next day.",
        context={"agreement": agreement},
    )


@permission_required("tenancies.change_agreement", raise_exception=True)
def agreement_refer(request, pk):
    """Refer to the council's homelessness prevention team when the home is at risk."""
    agreement = _visible_agreement(request, pk)
    return form_view(
        request,
        ReferralForm(request.POST or None, initial={"expected_loss_on": agreement.end_date}),
        template="tenancies/agreements/refer.html",
        save=lambda form: services.agreement_refer_to_council(
            agreement=agreement,
            risk=form.cleaned_data["risk"],
            reason=form.cleaned_data["reason"],
            expected_loss_on=form.cleaned_data["expected_loss_on"],
            consent_how=form.cleaned_data["consent_how"],
            by=request.user,
        ),
        success=lambda referral: f"Referral sent to the council's prevention team (reference {referral.pk}).",
        then=agreement,
        context={"agreement": agreement},
    )


urlpatterns = [
    path("sign-up/", sign_up, name="sign_up"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/checklist/", agreement_checklist, name="agreement_checklist"),
    path("agreements/<int:pk>/end/", agreement_end, name="agreement_end"),
    path("agreements/<int:pk>/refer/", agreement_refer, name="agreement_refer"),
]
