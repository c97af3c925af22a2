"""The rent ledger. It knows nothing about who owns an account: an agreement or a temporary
accommodation placement holds a one-to-one link to its `RentAccount` and tells it when
charging starts and stops."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.money import format_money

from . import rules

PENNY = Decimal("0.01")


class ChargeCalendar(models.Model):
    """Which weeks of the rent year are rent-free (e.g. 48 charged weeks of 52). Schemes pick one."""

    name = models.CharField(max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RentFreeWeek(models.Model):
    calendar = models.ForeignKey(ChargeCalendar, on_delete=models.CASCADE, related_name="rent_free_weeks")
    week_commencing = models.DateField(help_text="A Monday.")

    class Meta:
        ordering = ["week_commencing"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "week_commencing"], name="rent_free_week_once"),
        ]

    def __str__(self):
        return f"{self.calendar}: rent-free week of {self.week_commencing:%d %b %Y}"


# Caches kept by rents.services (no history of their own: the ledger is their history).
DERIVED_FIELDS = (
    "balance",
    "charged_to",
    "last_payment_on",
    "hb_paid_to",
    "weekly_charge",
    "hb_pending",
    "arrears",
    "standing_on",
    "standing_balance",
)


class RentAccountQuerySet(models.QuerySet):
    def visible_to(self, user):
        from . import scopes

        return scopes.registry.restrict(self, user)

    def in_arrears(self):
        """Accounts that may be in arrears: owing anything at all (the daily proposals start here)."""
        return self.filter(balance__gt=0)

    def standing_current(self, today):
        """Accounts whose standing (`RentAccount`) holds: worked out today, from today's balance."""
        return self.filter(standing_on=today, balance=F("standing_balance"))

    def standing_stale(self, today):
        """Accounts whose standing must be worked out again."""
        return self.exclude(standing_on=today, balance=F("standing_balance"))


class RentAccount(models.Model):
    """One account per agreement or placement. `balance` is a cache of the sum of its entries,
    updated in the same transaction as every entry and verified by `check_rent_balances`.

    So that lists never aggregate the ledger, the account also keeps what they show
    (`rents.services.standing`): the last payment and how far Housing Benefit has paid, moved with
    every entry like the balance; and its *standing* — this week's charge, HB still expected and the
    arrears (`rules.arrears`) — worked out for the day in `standing_on` from the balance in
    `standing_balance`. Those change with the date alone (HB accrues daily, a new rent week begins),
    so they count only while `standing_on` is today and the balance has not moved since: the charge
    run moves balances without working them out (and without touching an indexed column, so its
    updates stay heap-only), and a nightly job and every list refresh the stale ones first."""

    reference = models.CharField(max_length=20, unique=True, help_text="Quoted on payments to match them.")
    name = models.CharField(max_length=200, help_text="Who and where, for lists and statements.")
    charging_from = models.DateField()
    charging_until = models.DateField(null=True, blank=True)
    calendar = models.ForeignKey(ChargeCalendar, null=True, blank=True, on_delete=models.PROTECT)
    balance = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0.00"), help_text="Positive: the resident owes this."
    )
    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    charged_to = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The last rent week charged: the charge run carries on after it.",
    )
    last_payment_on = models.DateField(
        null=True, blank=True, editable=False, help_text="The latest payment not reversed."
    )
    hb_paid_to = models.DateField(
        null=True, blank=True, editable=False, help_text="The last day Housing Benefit credits (not reversed) pay for."
    )
    weekly_charge = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        db_default=Decimal("0.00"),
        editable=False,
        help_text="This rent week's charge.",
    )
    hb_pending = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        db_default=Decimal("0.00"),
        editable=False,
        help_text="HB still expected.",
    )
    arrears = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        db_default=Decimal("0.00"),
        editable=False,
        help_text="What is late.",
    )
    standing_on = models.DateField(
        null=True, blank=True, editable=False, help_text="The day the weekly charge, HB expected and arrears are for."
    )
    standing_balance = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        db_default=Decimal("0.00"),
        editable=False,
        help_text="The balance the standing was worked out from: any entry since makes it stale.",
    )

    objects = RentAccountQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[*DERIVED_FIELDS])

    class Meta:
        ordering = ["reference"]
        indexes = [
            # The arrears lists: today's standing, in arrears, largest first.
            models.Index(
                F("standing_on"),
                F("arrears").desc(),
                F("id"),
                name="rents_account_arrears_idx",
                condition=Q(arrears__gt=0),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.name}"


class ChargeLine(models.Model):
    """One part of the weekly charge, effective from a date (history kept: a rise adds a line)."""

    class Kind(models.TextChoices):
        CORE_RENT = "core_rent", "Core rent"
        ELIGIBLE_SERVICE = "eligible_service", "Eligible service charge"
        PERSONAL = "personal", "Personal charge (heating, lighting, meals)"
        SUPPORT = "support", "Support charge"

    HB_ELIGIBLE = {Kind.CORE_RENT, Kind.ELIGIBLE_SERVICE}

    account = models.ForeignKey(RentAccount, on_delete=models.CASCADE, related_name="charge_lines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    weekly_amount = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    effective_from = models.DateField(help_text="Takes effect from the rent week that contains this date.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "kind", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["account", "kind", "effective_from"], name="charge_line_once_per_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {format_money(self.weekly_amount)} from {self.effective_from:%d %b %Y}"


class LedgerEntry(models.Model):
    """Append-only. Positive amounts add to what is owed (charges, refunds); negative reduce it.
    A correction is a new `REVERSAL` entry pointing at the entry it cancels."""

    class Kind(models.TextChoices):
        CHARGE = "charge", "Charge"
        PAYMENT = "payment", "Payment"
        ADJUSTMENT = "adjustment", "Adjustment"
        WRITE_OFF = "write_off", "Write-off"
        REFUND = "refund", "Refund"
        REVERSAL = "reversal", "Reversal"

    class Method(models.TextChoices):
        CASH = "cash", "Cash"
        CARD = "card", "Card"
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        STANDING_ORDER = "standing_order", "Standing order"
        PAYMENT_FILE = "payment_file", "Payment card file (Allpay-style)"
        HOUSING_BENEFIT = "housing_benefit", "Housing Benefit"
        UNIVERSAL_CREDIT = "universal_credit", "Universal Credit direct payment"

    # Indexed with posted_on below (one index serves both), not on its own: every index is paid for by
    # every charge the weekly run posts.
    account = models.ForeignKey(RentAccount, on_delete=models.PROTECT, related_name="entries", db_index=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    posted_on = models.DateField(default=timezone.localdate)
    week_commencing = models.DateField(null=True, blank=True, help_text="The rent week a charge is for.")
    period_to = models.DateField(
        null=True,
        blank=True,
        help_text="For a Housing Benefit credit: the last day it pays for (HB is paid in arrears), from the "
        "council's schedule or as keyed in with the payment.",
    )
    description = models.CharField(max_length=200, blank=True)
    reference = models.CharField(max_length=100, blank=True, help_text="Bank or schedule reference, if any.")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["posted_on", "pk"]
        verbose_name_plural = "ledger entries"
        permissions = [("approve_writeoff", "Can approve write-offs and refunds")]
        indexes = [
            models.Index(fields=["account", "posted_on"]),
            # Charges have no author: partial indexes leave the weekly run's rows out of them.
            models.Index(fields=["created_by"], condition=Q(created_by__isnull=False), name="ledger_created_by_idx"),
            models.Index(fields=["approved_by"], condition=Q(approved_by__isnull=False), name="ledger_approved_by_idx"),
        ]
        constraints = [
            # The weekly charge run posts one charge per account per week, however often it runs.
            models.UniqueConstraint(
                fields=["account", "week_commencing"],
                condition=Q(kind="charge"),
                name="ledger_one_charge_per_week",
            ),
            # An imported payment (bank or HB reference) posts once.
            models.UniqueConstraint(
                fields=["account", "reference", "kind"],
                condition=Q(kind="payment") & ~Q(reference=""),
                name="ledger_payment_reference_once",
            ),
            models.CheckConstraint(
                condition=~Q(kind="charge") | Q(week_commencing__isnull=False), name="ledger_charge_has_week"
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False) | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="ledger_reversal_points_at_entry",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {format_money(self.amount)} on {self.posted_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Ledger entries are append-only: post a reversal instead of changing one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger entries are append-only: post a reversal instead of deleting one.")

    def reversal_refusal(self) -> str | None:
        """Why this entry cannot be reversed (`rents.rules`: a reversal is final, and an entry is
        reversed once), or None. Reads `reversed_by`: select it, or lock the entry first."""
        if self.kind == self.Kind.REVERSAL:
            return rules.REVERSAL_IS_FINAL
        if hasattr(self, "reversed_by"):
            return rules.ALREADY_REVERSED
        return None


# ---------------------------------------------------------------- Housing Benefit and file imports


class HousingBenefitClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(account__in=RentAccount.objects.visible_to(user))


class HousingBenefitClaim(models.Model):
    """A resident's Housing Benefit claim with the council. The council pays the award straight to
    the landlord on a schedule (`ImportBatch` of kind HB_SCHEDULE); HB only ever covers rent and
    eligible service charges (Housing Benefit Regulations 2006, reg 12 and Sch 1)."""

    class Status(models.TextChoices):
        NOT_CLAIMED = "not_claimed", "Not claimed"
        PENDING = "pending", "Pending"
        AWARDED = "awarded", "Awarded"
        SUSPENDED = "suspended", "Suspended"
        CANCELLED = "cancelled", "Cancelled"

    account = models.ForeignKey(RentAccount, on_delete=models.PROTECT, related_name="hb_claims")
    claim_reference = models.CharField(max_length=30, unique=True, help_text="The council's reference for the claim.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    weekly_award = models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0.00"), validators=[MinValueValidator(0)]
    )
    covers = models.JSONField(default=list, blank=True, help_text="Charge line kinds the award covers.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = HousingBenefitClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="hb_claim_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"HB claim {self.claim_reference} ({self.get_status_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        not_eligible = set(self.covers or []) - {str(kind) for kind in ChargeLine.HB_ELIGIBLE}
        if not_eligible:
            raise ValidationError({"covers": "Housing Benefit only covers core rent and eligible service charges."})


class ImportBatch(models.Model):
    """One uploaded file. The same file (by SHA-256) is imported once per kind."""

    class Kind(models.TextChoices):
        HB_SCHEDULE = "hb_schedule", "Housing Benefit schedule"
        PAYMENTS = "payments", "Payment file"

    class Status(models.TextChoices):
        POSTED = "posted", "Posted"
        NEEDS_REVIEW = "needs_review", "Needs review"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.POSTED)
    row_count = models.PositiveIntegerField(default=0)
    posted_count = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name_plural = "import batches"
        constraints = [models.UniqueConstraint(fields=["kind", "sha256"], name="import_file_once_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename} ({self.uploaded_at:%d %b %Y})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("rents:import_detail", args=[self.pk])


class ImportRow(models.Model):
    """One line of an imported file and what became of it."""

    class Status(models.TextChoices):
        POSTED = "posted", "Posted"
        UNMATCHED = "unmatched", "Unmatched"
        SUSPICIOUS = "suspicious", "Needs checking"
        RESOLVED = "resolved", "Posted after review"
        SKIPPED = "skipped", "Not posted"

    HELD = (Status.UNMATCHED, Status.SUSPICIOUS)

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    line_number = models.PositiveIntegerField()
    raw = models.JSONField(default=dict)
    reference = models.CharField(max_length=40, help_text="Claim reference (HB) or payment reference.")
    resident_name = models.CharField(max_length=200, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    key = models.CharField(max_length=100, db_index=True, help_text="The ledger reference this row posts with.")
    account = models.ForeignKey(RentAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    problem = models.TextField(blank=True)
    entry = models.OneToOneField(
        LedgerEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="import_row"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["batch", "line_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "line_number"], name="import_row_line_once")]

    def __str__(self):
        return f"Line {self.line_number} of {self.batch}"

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD


# ---------------------------------------------------------------- Payment plans


class PaymentPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(account__in=RentAccount.objects.visible_to(user))


class PaymentPlan(models.Model):
    """An agreed weekly amount paid on top of the charge to clear arrears.

    Each complete rent week (Monday to Sunday) from the first Monday on or after `starts_on` is
    "paid" when payments posted in it (less any that were later reversed) reach that week's charge
    plus `weekly_amount`. The plan breaks when `missed_weeks_allowed` or more of the last
    `window_weeks` complete weeks were missed (by default 2 weeks in 4, `rents.rules`); see `rents.services.plans`."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        BROKEN = "broken", "Broken"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    account = models.ForeignKey(RentAccount, on_delete=models.PROTECT, related_name="payment_plans")
    weekly_amount = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(PENNY)],
        help_text="Paid each week on top of the weekly charge.",
    )
    starts_on = models.DateField()
    review_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    missed_weeks_allowed = models.PositiveSmallIntegerField(
        default=rules.PLAN_BREAK_MISSED_WEEKS.amount,
        help_text="The plan breaks when this many weeks in the window are missed.",
    )
    window_weeks = models.PositiveSmallIntegerField(
        default=rules.PLAN_BREAK_WINDOW.amount, help_text="How many recent complete weeks are checked."
    )
    broken_on = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PaymentPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=Q(status="active"), name="payment_plan_one_active_per_account"
            ),
            models.CheckConstraint(condition=Q(weekly_amount__gt=0), name="payment_plan_amount_positive"),
            models.CheckConstraint(
                condition=Q(review_on__gt=models.F("starts_on")), name="payment_plan_review_after_start"
            ),
        ]

    def __str__(self):
        return (
            f"Payment plan {format_money(self.weekly_amount)} a week from {self.starts_on:%d %b %Y} "
            f"({self.get_status_display()})"
        )

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("rents:plan_detail", args=[self.pk])


# ---------------------------------------------------------------- Arrears stages


class ArrearsStage(models.Model):
    """One step of the arrears process, in `order`. Admins set the thresholds; a stage is proposed
    when what the resident owes (not counting Housing Benefit still on its way) meets both."""

    order = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, help_text="What the worker does at this stage.")
    min_balance = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
        help_text="The resident owes at least this much (not counting Housing Benefit still expected).",
    )
    min_weeks_of_charge = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
        help_text="...and at least this many weeks of their weekly charge.",
    )
    letter_template = models.CharField(
        max_length=200, blank=True, help_text="Template of the letter sent when this stage is agreed; blank for none."
    )
    needs_manager_review = models.BooleanField(default=False, help_text="Only a manager can agree to this stage.")
    refers_to_notice = models.BooleanField(
        default=False, help_text="This stage points the worker to the tenancy's incident ladder; nothing is served."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.order}. {self.name}"


class ArrearsCase(models.Model):
    """Where one rent account is in the arrears process."""

    account = models.OneToOneField(RentAccount, on_delete=models.PROTECT, related_name="arrears_case")
    stage = models.ForeignKey(ArrearsStage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stage_since = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["account"]

    def __str__(self):
        return f"Arrears case for {self.account}"


def arrears_letter_upload_to(instance, filename):
    return f"rents/arrears/{instance.case.account_id}/{filename}"


class ArrearsActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__account__in=RentAccount.objects.visible_to(user))


class ArrearsAction(models.Model):
    """A proposed move to a stage (made by the daily job) and the worker's decision on it.
    Proposed once per account per stage; nothing moves until a person accepts it."""

    class Decision(models.TextChoices):
        PENDING = "", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    case = models.ForeignKey(ArrearsCase, on_delete=models.PROTECT, related_name="actions")
    stage = models.ForeignKey(ArrearsStage, on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField(default=timezone.localdate)
    balance = models.DecimalField(max_digits=12, decimal_places=2)
    hb_pending = models.DecimalField(max_digits=12, decimal_places=2)
    resident_owed = models.DecimalField(max_digits=12, decimal_places=2)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    letter = models.FileField(upload_to=arrears_letter_upload_to, blank=True)
    notes = models.TextField(blank=True)

    objects = ArrearsActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "-proposed_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "stage"], name="arrears_stage_proposed_once")]

    def __str__(self):
        return f"{self.stage.name} for {self.case.account} ({self.get_decision_display()})"

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING
