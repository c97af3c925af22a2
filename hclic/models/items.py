"""Hearth's mapping of H-CLIC items: which Hearth field gives each item, under which XML element.

MHCLG's H-CLIC specification and XSD are not public (councils receive them by email on request,
statutory-notes 3.1). The names, section.question numbers and element names here are Hearth's own,
from the public material; an administrator holding the real specification corrects them in
Django admin and the export uses the corrected element names.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class Section(models.TextChoices):
    MAIN = "main", "1. Main"
    PEOPLE = "people", "2. People"
    SUPPORT = "support", "3. Support"
    PREVENTION = "prevention", "4. Prevention"
    RELIEF = "relief", "5. Relief"
    FINAL_DUTIES = "final_duties", "6. Final duties"
    ASSISTANCE = "assistance", "7. Assistance"
    TA = "ta", "8. Temporary Accommodation"
    REVIEWS = "reviews", "9. Reviews"


SECTION_ELEMENTS = {
    Section.MAIN: "Main",
    Section.PEOPLE: "People",
    Section.SUPPORT: "Support",
    Section.PREVENTION: "Prevention",
    Section.RELIEF: "Relief",
    Section.FINAL_DUTIES: "FinalDuties",
    Section.ASSISTANCE: "Assistance",
    Section.TA: "TemporaryAccommodation",
    Section.REVIEWS: "Reviews",
}


class HclicItem(models.Model):
    """One item of the return (1.5 "Date of assessment of circumstances"), and where Hearth keeps it."""

    Section = Section

    section = models.CharField(max_length=20, choices=Section.choices)
    number = models.CharField(
        "question number", max_length=10, unique=True, help_text="section.question, as 1.5 or 4.6."
    )
    name = models.CharField("item name", max_length=200)
    element = models.CharField(
        "XML element name", max_length=80, help_text="The element the export writes (Hearth's own unless corrected)."
    )
    source = models.CharField("where Hearth records it", max_length=300)
    list_id = models.CharField("code list", max_length=60, blank=True, help_text="casework H-CLIC category list.")
    personal = models.BooleanField(
        "personal data", default=False, help_text="Written only to the separate personal-data file."
    )
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "H-CLIC item"
        verbose_name_plural = "H-CLIC items"

    def __str__(self):
        return f"{self.number} {self.name}"
