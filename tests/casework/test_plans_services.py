"""The s189A assessment and Personalised Housing Plans: versions, issuing the PDF, steps done, reminders."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader

from accounts import roles
from casework.models import Case, Party, PersonalisedHousingPlan, PlanStep, Scenario
from casework.mywork.plans import plan_reviews as mywork_plan_reviews
from casework.reminders.plans import plan_reviews
from casework.services import plans as services
from casework.services.plans import StepDraft
from core.models import Notification
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, PlanFactory

pytestmark = pytest.mark.django_db

A, C = Party.APPLICANT, Party.COUNCIL


def pdf_text(plan) -> str:
    plan.pdf.open("rb")
    try:
        reader = PdfReader(io.BytesIO(plan.pdf.read()))
    finally:
        plan.pdf.close()
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def case():
    return CaseFactory(person__legal_name="Jordan Rivers")


@pytest.fixture
def officer(case):
    return case.officer


def make_plan(case, officer, **kwargs):
    kwargs.setdefault("review_on", timezone.localdate() + datetime.timedelta(days=14))
    kwargs.setdefault(
        "steps",
        [StepDraft(A, "Come to the mediation meeting."), StepDraft(C, "Offer mediation with your mum.")],
    )
    return services.plan_create(case=case, scenario=Scenario.FAMILY_FRIENDS, by=officer, **kwargs)


def test_the_menu_for_a_scenario_comes_from_the_seeded_steps():
    menu = services.menu_for(Scenario.FAMILY_FRIENDS)
    assert "Come to the mediation meeting we arrange with your host." in menu[A]
    assert "Add you to the housing register if you are eligible." in menu[C]
    assert not set(menu[A]) & set(menu[C])


def test_the_assessment_is_recorded_then_updated_with_history(case, officer):
    first = services.assessment_save(
        case=case, circumstances="Mum asked me to leave.", housing_needs="A room", support_needs="None", by=officer
    )
    again = services.assessment_save(
        case=case,
        circumstances="Mum asked me to leave.",
        housing_needs="A one-bed flat",
        support_needs="Budgeting",
        by=officer,
    )
    assert first.pk == again.pk
    assert again.housing_needs == "A one-bed flat"
    assert [h.housing_needs for h in again.history.all()] == ["A one-bed flat", "A room"]
    assert again.history.first().history_user == officer


def test_the_assessment_cannot_be_blank(case, officer):
    with pytest.raises(ValidationError) as error:
        services.assessment_save(case=case, circumstances=" ", housing_needs="x", support_needs="x", by=officer)
    assert "circumstances" in error.value.message_dict


def test_a_plan_keeps_its_steps_in_order_for_each_side(case, officer):
    plan = make_plan(
        case,
        officer,
        steps=[StepDraft(A, "First"), StepDraft(C, "Ours"), StepDraft(A, "Second"), StepDraft(A, "   ")],
    )
    assert plan.version == 1
    assert [(s.party, s.text, s.position) for s in plan.steps.all()] == [
        (A, "First", 1),
        (A, "Second", 2),
        (C, "Ours", 1),
    ]


def test_a_plan_needs_a_council_step_and_a_review_date_not_in_the_past(case, officer):
    with pytest.raises(ValidationError) as error:
        make_plan(
            case,
            officer,
            steps=[StepDraft(A, "Look for rooms")],
            review_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"council_steps", "review_on"}
    assert not PersonalisedHousingPlan.objects.exists()


def test_a_second_plan_is_refused_while_one_is_current(case, officer):
    make_plan(case, officer)
    with pytest.raises(ValidationError, match="already has a plan"):
        make_plan(case, officer)


def test_editing_makes_a_new_version_and_keeps_the_old_one(case, officer):
    v1 = make_plan(case, officer)
    done = v1.steps.get(party=A)
    services.plan_step_done(step=done, by=officer)
    new_review = timezone.localdate() + datetime.timedelta(days=21)
    v2 = services.plan_revise(
        plan=v1,
        review_on=new_review,
        summary="Mum agreed you can stay to the end of January.",
        steps=[StepDraft(A, "Come to the mediation meeting."), StepDraft(C, "Check your benefits.")],
        by=officer,
    )
    v1.refresh_from_db()
    assert (v1.version, v2.version) == (1, 2)
    assert v1.superseded_at is not None and v2.superseded_at is None
    assert list(case.plans.current()) == [v2]
    assert case.plans.count() == 2
    assert [s.text for s in v1.steps.all()] == ["Come to the mediation meeting.", "Offer mediation with your mum."]
    assert [(s.text, s.done_on) for s in v2.steps.all()] == [
        ("Come to the mediation meeting.", timezone.localdate()),  # kept word for word: still done
        ("Check your benefits.", None),
    ]
    assert v2.review_on == new_review


def test_an_old_version_cannot_be_edited_again(case, officer):
    v1 = make_plan(case, officer)
    services.plan_revise(plan=v1, review_on=v1.review_on, steps=[StepDraft(C, "Ours")], by=officer)
    with pytest.raises(ValidationError, match="already been replaced"):
        services.plan_revise(plan=v1, review_on=v1.review_on, steps=[StepDraft(C, "Other")], by=officer)
    assert case.plans.count() == 2
    assert case.plans.current().get().version == 2


def test_the_database_allows_only_one_current_plan(case, officer):
    make_plan(case, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(case=case, version=2)


def test_a_bad_revision_changes_nothing(case, officer):
    v1 = make_plan(case, officer)
    with pytest.raises(ValidationError):
        services.plan_revise(plan=v1, review_on=v1.review_on, steps=[StepDraft(A, "Only mine")], by=officer)
    v1.refresh_from_db()
    assert v1.superseded_at is None
    assert case.plans.count() == 1


def test_issuing_renders_a_pdf_with_the_steps_and_review_date(case, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer.full_name = "Priya Officer"
    officer.save()
    review_on = datetime.date(2026, 12, 15)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
        plan = make_plan(
            case,
            officer,
            review_on=review_on,
            summary="You can stay with your mum while we look for a room together.",
            steps=[StepDraft(A, "Look at rooms to rent each week."), StepDraft(C, "Help you with a deposit.")],
        )
        issued = services.plan_issue(plan=plan, by=officer)
    assert issued.issued_on == datetime.date(2026, 12, 1)
    assert issued.pdf.name.endswith(f"housing-plan-{case.reference}-v1.pdf")
    text = pdf_text(issued)
    for expected in (
        "Your housing plan",
        "Jordan Rivers",
        "1 December 2026",
        "Steps you will take",
        "Look at rooms to rent each week.",
        "Steps we will take",
        "Help you with a deposit.",
        "Tuesday 15 December 2026",
        "Priya Officer",
        "section 202(1)(bc)",
    ):
        assert expected in text, expected


def test_a_plan_is_issued_once_and_only_while_current(case, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = services.plan_issue(plan=make_plan(case, officer), by=officer)
    with pytest.raises(ValidationError, match="already issued"):
        services.plan_issue(plan=plan, by=officer)
    services.plan_revise(plan=plan, review_on=plan.review_on, steps=[StepDraft(C, "Ours")], by=officer)
    with pytest.raises(ValidationError, match="replaced by a newer one"):
        services.plan_issue(plan=plan, by=officer)


def test_a_step_is_marked_done_once_and_only_on_the_current_plan(case, officer):
    plan = make_plan(case, officer)
    step = plan.steps.get(party=C)
    done = services.plan_step_done(step=step, by=officer)
    assert done.done_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already marked done"):
        services.plan_step_done(step=step, by=officer)
    services.plan_revise(plan=plan, review_on=plan.review_on, steps=[StepDraft(C, "Something new")], by=officer)
    old_applicant_step = plan.steps.get(party=A)
    with pytest.raises(ValidationError, match="old version"):
        services.plan_step_done(step=old_applicant_step, by=officer)
    assert PlanStep.objects.get(pk=old_applicant_step.pk).done_on is None


def test_nothing_changes_on_a_closed_case(officer):
    case = CaseFactory(status=Case.Status.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        make_plan(case, case.officer)


# ---------------------------------------------------------------- reminders and My work


def test_the_officer_is_reminded_once_per_plan_version_and_date():
    today = timezone.localdate()
    due = PlanFactory(review_on=today)
    PlanFactory(review_on=today + datetime.timedelta(days=1))  # not yet
    PlanFactory(review_on=today - datetime.timedelta(days=3), case__status=Case.Status.CLOSED)  # closed case
    old = PlanFactory(review_on=today, superseded_at=timezone.now(), version=1)
    PlanFactory(case=old.case, version=2, review_on=today + datetime.timedelta(days=20))
    now = timezone.now()
    assert plan_reviews(now) == 1
    assert plan_reviews(now) == 0
    note = Notification.objects.get()
    assert note.recipient == due.case.officer
    assert note.key == f"plan-review:{due.pk}:{today.isoformat()}"
    assert note.url == due.get_absolute_url()
    # A new review date on the same version is a new reminder.
    due.review_on = today - datetime.timedelta(days=1)
    due.save()
    assert plan_reviews(now) == 1


def test_a_plan_review_is_not_sent_to_an_officer_who_cannot_open_the_plan():
    housing_worker = UserFactory(role=roles.HOUSING_WORKER)
    PlanFactory(case__officer=housing_worker, review_on=timezone.localdate())
    due = PlanFactory(review_on=timezone.localdate())
    assert plan_reviews(timezone.now()) == 1
    assert Notification.objects.get().recipient == due.case.officer


def test_an_unassigned_case_reminds_the_team_leader(make_user):
    leader = make_user(roles.TEAM_LEADER, full_name="Lee Leader")
    plan = PlanFactory(case__officer=None, created_by=leader, review_on=timezone.localdate())
    plan.case.team.leader = leader
    plan.case.team.save()
    assert plan_reviews(timezone.now()) == 1
    assert Notification.objects.get().recipient == leader


def test_my_work_lists_the_officers_plans_due_within_a_week(django_assert_max_num_queries):
    today = timezone.localdate()
    soon = PlanFactory(review_on=today + datetime.timedelta(days=7))
    officer = soon.case.officer
    PlanFactory(case=CaseFactory(officer=officer, team=soon.case.team), review_on=today - datetime.timedelta(days=2))
    PlanFactory(case=CaseFactory(officer=officer, team=soon.case.team), review_on=today + datetime.timedelta(days=8))
    PlanFactory(review_on=today)  # someone else's
    with django_assert_max_num_queries(4) as one:
        mywork_plan_reviews(officer)
    in_three_days = today + datetime.timedelta(days=3)
    for _ in range(4):
        PlanFactory(case=CaseFactory(officer=officer, team=soon.case.team), review_on=in_three_days)
    with django_assert_max_num_queries(len(one.captured_queries)):
        items = mywork_plan_reviews(officer)
    assert [item.due for item in items] == [
        today - datetime.timedelta(days=2),
        *[in_three_days] * 4,
        today + datetime.timedelta(days=7),
    ]
    assert items[0].overdue and not items[-1].overdue
    assert items[-1].url == soon.get_absolute_url()
    assert "Review the housing plan for" in items[-1].title
