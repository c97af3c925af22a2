"""Forms for repairs: short, one per action, usable one-handed on a phone."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from core.forms import HearthForm, date_time_field
from tenancies.models import Scheme, Unit

from ..models import Contractor, Repair, RepairPriority
from ..rules import PHOTO_MAX_BYTES, RECALL_WITHIN

PHOTO_HELP = f"A photo of the fault, if you have one (JPEG, PNG, WEBP or GIF, up to {PHOTO_MAX_BYTES // 2**20} MB)."


class PriorityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}: {obj.description}" if obj.description else obj.name


class RepairReportForm(HearthForm):
    scheme = forms.ModelChoiceField(
        label="Scheme",
        queryset=Scheme.objects.none(),
        empty_label="Choose…",
        error_messages={"required": "Choose the scheme."},
    )
    unit = forms.ModelChoiceField(
        label="Room or flat",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="A communal area",
        help_text="Leave as a communal area for a shared space, and say which below.",
    )
    communal_area = forms.CharField(label="Which communal area", max_length=120, required=False)
    category = forms.ChoiceField(
        label="What kind of repair",
        choices=[("", "Choose…"), *Repair.Category.choices],
        error_messages={"required": "Choose what kind of repair it is."},
    )
    description = forms.CharField(
        label="What is wrong",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what is wrong, in the resident's words if you can."},
    )
    location = forms.CharField(label="Where in the home", max_length=120, required=False)
    priority = PriorityChoiceField(
        label="Priority",
        queryset=RepairPriority.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a priority."},
        help_text="The target is set from this now and does not move if the priority changes later.",
    )
    hazard = forms.ChoiceField(
        label="Could this be a hazard to health or safety?",
        choices=[
            ("", "No, or not sure yet"),
            ("emergency", "Yes: an emergency (make safe within 24 hours)"),
            ("significant", "Yes: a significant hazard, such as damp and mould"),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text="Awaab's Law clocks start from when we first heard about it. You can triage it later too.",
    )
    reported_at = date_time_field(
        label="When we first heard about it",
        help_text="Every target and legal clock runs from this moment, whoever heard first.",
        error_messages={"required": "Enter when it was first reported.", "invalid": "Enter a real date and time."},
    )
    reported_by_kind = forms.ChoiceField(label="Who reported it", choices=Repair.ReportedBy.choices)
    reported_by_name = forms.CharField(label="Their name", max_length=150, required=False)
    channel = forms.ChoiceField(label="How it was reported", choices=Repair.Channel.choices, widget=forms.RadioSelect)
    access_notes = forms.CharField(
        label="Access notes",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Times that suit the resident, pets, or someone they want there.",
    )
    recall_of = forms.ModelChoiceField(
        label="Is this the same fault as a recent repair?",
        queryset=Repair.objects.none(),
        required=False,
        empty_label="No, or not sure",
        help_text=f"A repair completed in the last {RECALL_WITHIN.amount} days. It will be counted as a recall.",
    )
    photo = forms.FileField(
        label="Photo",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=PHOTO_HELP,
    )

    def __init__(self, *args, user, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        schemes = Scheme.objects.visible_to(user)
        self.fields["scheme"].queryset = schemes
        self.fields["unit"].queryset = (
            Unit.objects.filter(property__scheme__in=schemes)
            .select_related("property__scheme")
            .order_by("property__scheme__name", "property__address", "label")
        )
        if not user.has_perm("repairs.add_hazard"):
            del self.fields["hazard"]  # support workers report; housing staff triage
        self.fields["priority"].queryset = RepairPriority.objects.filter(active=True)
        since = timezone.now() - timedelta(days=RECALL_WITHIN.amount)
        recent = Repair.objects.filter(
            scheme__in=(scheme and [scheme]) or schemes, status__in=Repair.DONE_STATUSES, completed_at__gte=since
        )
        self.fields["recall_of"].queryset = recent.select_related("unit").order_by("-completed_at")
        self.fields["recall_of"].label_from_instance = lambda r: f"{r.reference}: {r.get_category_display()}, {r.where}"

    def clean(self):
        cleaned = super().clean()
        scheme, unit = cleaned.get("scheme"), cleaned.get("unit")
        if scheme and unit and unit.property.scheme_id != scheme.pk:
            self.add_error("unit", f"{unit} is not at {scheme}. Choose a room there, or a communal area.")
        if scheme and not unit and not cleaned.get("communal_area", "").strip():
            self.add_error("communal_area", "Say which communal area, or choose the room or flat.")
        return cleaned


class RepairFilterForm(HearthForm):
    STATUS_CHOICES = [
        ("open", "Open"),
        ("overdue", "Open and past target"),
        *Repair.Status.choices,
        ("all", "All"),
    ]
    HAZARD_CHOICES = [
        ("", "Any"),
        ("any", "Any hazard"),
        ("emergency", "Emergency hazard"),
        ("significant", "Significant hazard"),
    ]

    scheme = forms.ModelChoiceField(label="Scheme", queryset=Scheme.objects.none(), required=False, empty_label="All")
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, required=False)
    priority = forms.ModelChoiceField(
        label="Priority", queryset=RepairPriority.objects.all(), required=False, empty_label="Any"
    )
    contractor = forms.ModelChoiceField(
        label="Contractor", queryset=Contractor.objects.all(), required=False, empty_label="Any"
    )
    hazard = forms.ChoiceField(label="Hazard", choices=HAZARD_CHOICES, required=False)
    reported_by = forms.ChoiceField(
        label="Reported by", choices=[("", "Anyone"), *Repair.ReportedBy.choices], required=False
    )

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes


class PriorityChangeForm(HearthForm):
    priority = PriorityChoiceField(
        label="New priority",
        queryset=RepairPriority.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reason = forms.CharField(
        label="Why the priority is changing",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the priority is changing."},
        help_text="The target stays the one set when it was reported.",
    )


class BookForm(HearthForm):
    appointment_at = date_time_field(
        label="Appointment",
        error_messages={"required": "Enter the appointment date and time.", "invalid": "Enter a real date and time."},
    )
    access_notes = forms.CharField(label="Access notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CompleteForm(HearthForm):
    completed_at = date_time_field(
        label="When the work was completed",
        error_messages={"required": "Enter when the work was completed.", "invalid": "Enter a real date and time."},
    )
    cost = forms.DecimalField(
        label="Cost (£)",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="The actual cost, if known.",
        error_messages={
            "invalid": "Enter the cost in pounds, like 120.50.",
            "min_value": "The cost cannot be below £0.",
        },
    )
    notes = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CancelForm(HearthForm):
    reason = forms.CharField(
        label="Why the repair is being cancelled",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the repair is being cancelled."},
    )


class WorksOrderForm(HearthForm):
    contractor = forms.ModelChoiceField(
        label="Contractor",
        queryset=Contractor.objects.filter(active=True),
        required=False,
        empty_label="Our in-house team",
    )
    budget = forms.ModelChoiceField(label="Budget", queryset=None, required=False, empty_label="No budget")
    estimated_cost = forms.DecimalField(
        label="Estimated cost (£)",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        error_messages={
            "required": "Enter the estimated cost.",
            "invalid": "Enter the cost in pounds, like 120.50.",
            "min_value": "The cost cannot be below £0.",
        },
    )
    instructions = forms.CharField(label="Instructions", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    over_budget_reason = forms.CharField(
        label="If this takes the budget over: why it must go ahead",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Only a manager can approve an order over budget.",
    )

    def __init__(self, *args, budgets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets


class PhotoForm(HearthForm):
    upload = forms.FileField(
        label="Photo",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=PHOTO_HELP,
        error_messages={"required": "Choose a photo to add."},
    )
    caption = forms.CharField(label="Caption", max_length=200, required=False)
