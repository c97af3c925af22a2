import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from core.models import Notification
from core.reminders import run_reminder_jobs
from rents.models import PaymentPlan, RentAccount
from rents.services import ledger, plans
from tests.accounts.factories import UserFactory
from tests.rents.factories import account_for
from tests.tenancies.factories import SchemeFactory

D = Decimal
pytestmark = pytest.mark.django_db

# Mondays in June/July 2026. The account is charged £120.00 a week (£100 rent + £20 service charge).
W1, W2, W3, W4, W5 = (datetime.date(2026, 6, 1) + datetime.timedelta(weeks=n) for n in range(5))
NOON = datetime.time(12, 0)


def at(day):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, NOON)), tick=False)


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


@pytest.fixture
def account(worker):
    with at(W1):
        return account_for(worker, start_date=W1 - datetime.timedelta(weeks=8))


def charge_to(account, week):
    ledger.charge_run(week=week, accounts=RentAccount.objects.filter(pk=account.pk))


def pay(account, amount, on):
    return ledger.payment_post(account=account, amount=D(amount), method="cash", received_on=on, by=None)


def agree(account, by, starts_on=W1, **kwargs):
    terms = {"weekly_amount": D("10.00"), "starts_on": starts_on, "review_on": starts_on + datetime.timedelta(weeks=12)}
    return plans.plan_create(account=account, by=by, **{**terms, **kwargs})


def run_broken_check(day):
    with at(day):
        return run_reminder_jobs(only=["rents.broken_payment_plans"])["rents.broken_payment_plans"]


# Rules -------------------------------------------------------------------------------------------


def test_a_week_is_paid_when_payments_that_week_cover_the_charge_plus_the_plan_amount(account, worker):
    charge_to(account, W2)
    plan = agree(account, worker)
    pay(account, "100.00", W1)
    pay(account, "30.00", W1 + datetime.timedelta(days=6))  # Sunday: still week 1
    pay(account, "129.99", W2)
    weeks = plans.plan_weeks(plan, W3)
    assert [(w.monday, w.charge, w.due, w.paid, w.met) for w in weeks] == [
        (W1, D("120.00"), D("130.00"), D("130.00"), True),
        (W2, D("120.00"), D("130.00"), D("129.99"), False),
    ]


def test_a_reversed_payment_does_not_count_and_a_reversed_charge_is_not_due(account, worker):
    charge_to(account, W1)
    plan = agree(account, worker)
    payment = pay(account, "130.00", W1)
    ledger.entry_reverse(entry=payment, reason="Bounced", by=None)
    assert plans.plan_weeks(plan, W2)[0].met is False
    charge = account.entries.get(kind="charge", week_commencing=W1)
    ledger.entry_reverse(entry=charge, reason="Charged in error", by=None)
    week = plans.plan_weeks(plan, W2)[0]
    assert (week.charge, week.due, week.met) == (D("0.00"), D("10.00"), False)
    pay(account, "10.00", W1 + datetime.timedelta(days=2))
    assert plans.plan_weeks(plan, W2)[0].met is True


def test_only_complete_weeks_from_the_first_monday_of_the_plan_are_checked(account, worker):
    plan = agree(account, worker, starts_on=W1 + datetime.timedelta(days=2))  # a Wednesday
    assert plans.plan_weeks(plan, W2) == []  # week 1 is a part week
    assert [w.monday for w in plans.plan_weeks(plan, W3 - datetime.timedelta(days=1))] == []  # week 2 not over
    assert [w.monday for w in plans.plan_weeks(plan, W3)] == [W2]
    later = [W5 + datetime.timedelta(weeks=n) for n in range(4)]  # W5..W8
    assert [w.monday for w in plans.plan_weeks(plan, later[-1])] == [W4, *later[:3]]  # the last 4 complete


def test_plan_breaks_on_the_monday_after_the_second_missed_week_in_four_and_notifies_once(account, worker):
    with at(W1):
        plan = agree(account, worker)
    charge_to(account, W5)
    for week in (W1, W2, W4):
        pay(account, "130.00", week + datetime.timedelta(days=3))
    pay(account, "129.99", W3)  # one penny short: missed
    # W5: nothing paid.

    assert run_broken_check(W5) == 0  # weeks 1-4: one missed
    assert run_broken_check(W5 + datetime.timedelta(days=6)) == 0  # Sunday: week 5 not complete yet
    plan.refresh_from_db()
    assert plan.status == PaymentPlan.Status.ACTIVE

    broken_day = W5 + datetime.timedelta(weeks=1)
    assert run_broken_check(broken_day) == 1  # weeks 2-5: weeks 3 and 5 missed
    plan.refresh_from_db()
    assert (plan.status, plan.broken_on) == (PaymentPlan.Status.BROKEN, broken_day)
    note = Notification.objects.get(recipient=worker)
    assert note.key == f"payment-plan-broken:{plan.pk}"
    assert note.url == reverse("rents:plan_detail", args=[plan.pk])
    assert plan.history.first().status == "broken"

    assert run_broken_check(broken_day) == 0
    assert run_broken_check(broken_day + datetime.timedelta(days=1)) == 0
    assert Notification.objects.filter(recipient=worker).count() == 1


def test_the_threshold_and_window_are_configurable(account, worker):
    with at(W1):
        plan = agree(account, worker, missed_weeks_allowed=1, window_weeks=2)
    charge_to(account, W2)
    pay(account, "130.00", W1)
    assert run_broken_check(W2) == 0
    assert run_broken_check(W3) == 1  # week 2 missed: 1 in 2
    plan.refresh_from_db()
    assert plan.status == PaymentPlan.Status.BROKEN


def test_a_cancelled_plan_is_never_marked_broken(account, worker):
    with at(W1):
        plan = agree(account, worker)
    plans.plan_cancel(plan=plan, by=worker)
    assert run_broken_check(W5) == 0
    plan.refresh_from_db()
    assert (plan.status, plan.broken_on) == (PaymentPlan.Status.CANCELLED, None)


def test_review_reminder_is_sent_once_per_review_date(account, worker):
    with at(W1):
        plan = agree(account, worker, review_on=W3)

    def run(day):
        with at(day):
            return run_reminder_jobs(only=["rents.payment_plan_reviews"])["rents.payment_plan_reviews"]

    assert run(W3 - datetime.timedelta(days=1)) == 0
    assert run(W3) == 1
    assert run(W3) == 0
    assert run(W4) == 0
    assert Notification.objects.get(recipient=worker).key == f"payment-plan-review:{plan.pk}:{W3.isoformat()}"
    from rents.scopes import owners

    subject = Notification.objects.get(recipient=worker).subject
    assert subject == f"Payment plan review due: {owners.resident_name(account)}"  # the person, not RA000123
    plan.review_on = W5
    plan.save(update_fields=["review_on"])
    assert run(W5) == 1


def test_one_active_plan_per_account(account, worker):
    first = agree(account, worker)
    with pytest.raises(ValidationError, match="already has an active payment plan"):
        agree(account, worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentPlan.objects.create(account=account, weekly_amount=D("5.00"), starts_on=W1, review_on=W2)
    plans.plan_cancel(plan=first, by=worker)
    assert agree(account, worker).status == PaymentPlan.Status.ACTIVE


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"weekly_amount": D("0.00")}, "weekly_amount"),
        ({"weekly_amount": D("1.234")}, "weekly_amount"),
        ({"review_on": W1}, "review_on"),
        ({"missed_weeks_allowed": 5}, "missed_weeks_allowed"),
        ({"window_weeks": 0}, "window_weeks"),
    ],
)
def test_bad_terms_are_refused(account, worker, terms, field):
    with pytest.raises(ValidationError) as caught:
        agree(account, worker, **terms)
    assert field in caught.value.message_dict
    assert not PaymentPlan.objects.exists()


# Pages -------------------------------------------------------------------------------------------


def create_url(account):
    return reverse("rents:plan_create", kwargs={"pk": account.pk})


def test_worker_agrees_a_plan_and_sees_its_weeks(client, account, worker):
    charge_to(account, W2)
    pay(account, "130.00", W1)
    client.force_login(worker)
    with at(W1):
        response = client.post(
            create_url(account),
            {
                "weekly_amount": "10.00",
                "starts_on": W1.isoformat(),
                "review_on": (W1 + datetime.timedelta(weeks=12)).isoformat(),
                "missed_weeks_allowed": "2",
                "window_weeks": "4",
            },
        )
    plan = PaymentPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("rents:plan_detail", args=[plan.pk])
    assert (plan.agreed_by, plan.weekly_amount, plan.status) == (worker, D("10.00"), "active")
    assert plan.history.first().history_user == worker
    with at(W3):
        client.force_login(worker)  # a fresh session: two weeks idle would have signed the worker out
        response = client.get(response.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert [(w.monday, w.met) for w in response.context["weeks"]] == [(W1, True), (W2, False)]
    assert "1 of the last 2 complete weeks missed" in html
    assert "Cancel payment plan" in html


def test_bad_input_re_renders_the_form_and_changes_nothing(client, account, worker):
    client.force_login(worker)
    response = client.post(
        create_url(account),
        {"weekly_amount": "0", "starts_on": "not a date", "review_on": "", "missed_weeks_allowed": "2"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"weekly_amount", "starts_on", "review_on", "window_weeks"}
    response = client.post(
        create_url(account),
        {
            "weekly_amount": "10.00",
            "starts_on": W2.isoformat(),
            "review_on": W1.isoformat(),
            "missed_weeks_allowed": "2",
            "window_weeks": "4",
        },
    )
    assert response.status_code == 200
    assert "The review date must be after the start date." in response.content.decode()
    assert not PaymentPlan.objects.exists()


def test_a_second_active_plan_is_refused_on_the_form(client, account, worker):
    agree(account, worker)
    client.force_login(worker)
    response = client.post(
        create_url(account),
        {
            "weekly_amount": "5.00",
            "starts_on": W1.isoformat(),
            "review_on": W3.isoformat(),
            "missed_weeks_allowed": "2",
            "window_weeks": "4",
        },
    )
    assert response.status_code == 200
    assert "already has an active payment plan" in response.content.decode()
    assert PaymentPlan.objects.count() == 1


def test_cancel_ends_the_plan_and_cancelling_again_changes_nothing(client, account, worker):
    plan = agree(account, worker)
    client.force_login(worker)
    url = reverse("rents:plan_cancel", args=[plan.pk])
    assert client.post(url).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PaymentPlan.Status.CANCELLED
    response = client.post(url, follow=True)
    assert "Only an active payment plan can be cancelled." in response.content.decode()
    assert client.get(url).status_code == 405


def test_worker_gets_404_for_plans_and_accounts_in_schemes_they_do_not_cover(client, worker):
    elsewhere = account_for(scheme=SchemeFactory())
    plan = agree(elsewhere, None)
    client.force_login(worker)
    assert client.get(create_url(elsewhere)).status_code == 404
    assert client.get(reverse("rents:plan_detail", args=[plan.pk])).status_code == 404
    assert client.post(reverse("rents:plan_cancel", args=[plan.pk])).status_code == 404
    assert client.get(reverse("core:history", args=["rents", "paymentplan", plan.pk])).status_code in (403, 404)
    plan.refresh_from_db()
    assert plan.status == PaymentPlan.Status.ACTIVE


def test_support_worker_cannot_agree_or_cancel_plans(client, account, worker):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    plan = agree(account, worker)
    client.force_login(support)
    assert client.post(create_url(account), {"weekly_amount": "5.00"}).status_code == 403
    assert client.post(reverse("rents:plan_cancel", args=[plan.pk])).status_code == 403
    assert client.get(reverse("rents:plan_detail", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PaymentPlan.Status.ACTIVE
    assert PaymentPlan.objects.count() == 1


def test_manager_sees_plan_history(client, account):
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    plan = agree(account, manager)
    client.force_login(manager)
    assert client.get(reverse("core:history", args=["rents", "paymentplan", plan.pk])).status_code == 200
    assert (
        reverse("core:history", args=["rents", "paymentplan", plan.pk])
        in client.get(reverse("rents:plan_detail", args=[plan.pk])).content.decode()
    )


def test_weeks_are_read_in_one_query_however_many_entries(django_assert_num_queries, account, worker):
    plan = agree(account, worker)
    charge_to(account, W4)
    for week in (W1, W2, W3, W4):
        for day in range(3):
            pay(account, "10.00", week + datetime.timedelta(days=day))
    with django_assert_num_queries(1):
        weeks = plans.plan_weeks(plan, W5)
    assert [w.paid for w in weeks] == [D("30.00")] * 4


def test_plan_reminders_go_only_to_someone_who_can_still_open_the_account(account, worker):
    """A housing worker covering other schemes is not told about an account they cannot open."""
    with at(W1):
        plan = agree(account, worker, review_on=W3)
    elsewhere = UserFactory(role=roles.HOUSING_WORKER)
    for _ in range(2):
        account_for(elsewhere)
    PaymentPlan.objects.filter(pk=plan.pk).update(agreed_by=elsewhere)
    with at(W3):
        assert run_reminder_jobs(only=["rents.payment_plan_reviews"])["rents.payment_plan_reviews"] == 0
    PaymentPlan.objects.filter(pk=plan.pk).update(status=PaymentPlan.Status.BROKEN, broken_on=W3)
    assert run_broken_check(W3) == 0
    assert not Notification.objects.filter(recipient=elsewhere).exists()
    PaymentPlan.objects.filter(pk=plan.pk).update(agreed_by=worker)
    assert run_broken_check(W3) == 1
