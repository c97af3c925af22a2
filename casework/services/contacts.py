"""The household, the contact log, referrals out to support services, and documents kept with a case."""

from datetime import date, datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from people import services as people_services
from people.models import Consent

from ..models import Case, CaseDocument, ContactLog, HouseholdMember, ServiceReferral
from .common import save_by

MAX_DOCUMENT_MB = 10


def _starts(*magics: bytes):
    return lambda head: any(head.startswith(magic) for magic in magics)


# What a document may be, by extension, and how such a file starts (so a renamed program is refused).
_JPEG, _ZIP = _starts(b"\xff\xd8\xff"), _starts(b"PK\x03\x04")
DOCUMENT_TYPES = {
    ".pdf": _starts(b"%PDF-"),
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".png": _starts(b"\x89PNG\r\n\x1a\n"),
    ".gif": _starts(b"GIF87a", b"GIF89a"),
    ".webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    ".heic": lambda head: head[4:8] == b"ftyp",
    ".doc": _starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ".docx": _ZIP,
    ".odt": _ZIP,
    ".rtf": _starts(b"{\\rtf"),
}
DOCUMENT_KINDS = "a PDF, a photo or image (JPEG, PNG, GIF, WebP, HEIC), or a Word or OpenDocument file"


# ---------------------------------------------------------------- household


def age_on(born: date, day: date) -> str:
    """'age 7', or '8 months old' for a baby: what an officer needs at a glance (priority need, s189(1)(b))."""
    months = (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''} old"
    return f"age {months // 12}"


def _check_member(member: HouseholdMember) -> None:
    errors = {}
    if member.date_of_birth and member.date_of_birth > timezone.localdate():
        errors["date_of_birth"] = "The date of birth cannot be in the future."
    if member.pregnant and not member.due_date:
        errors["due_date"] = "Give the due date. An estimate is fine."
    if errors:
        raise ValidationError(errors)
    if not member.pregnant:
        member.due_date = None


@transaction.atomic
def member_add(
    *,
    case: Case,
    by: User,
    name: str,
    relationship: str,
    date_of_birth: date | None = None,
    pregnant: bool = False,
    due_date: date | None = None,
) -> HouseholdMember:
    """Someone who lives, or would live, with the applicant (it bears on priority need, s189)."""
    member = HouseholdMember(
        case=case,
        name=name.strip(),
        relationship=relationship,
        date_of_birth=date_of_birth,
        pregnant=pregnant,
        due_date=due_date,
    )
    _check_member(member)
    member.full_clean()
    return save_by(member, by)


@transaction.atomic
def member_update(*, member: HouseholdMember, by: User, **changes) -> HouseholdMember:
    member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    unknown = set(changes) - {"name", "relationship", "date_of_birth", "pregnant", "due_date"}
    if unknown:
        raise TypeError(f"Not household member fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    _check_member(member)
    member.full_clean()
    return save_by(member, by)


@transaction.atomic
def member_remove(*, member: HouseholdMember, by: User) -> None:
    """Take someone off the household. The history keeps a copy of the record and who removed it."""
    member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    member._history_user = by
    member.delete()


# ---------------------------------------------------------------- contact log


@transaction.atomic
def contact_add(
    *,
    case: Case,
    by: User,
    happened_at: datetime,
    method: str,
    summary: str,
    direction: str = ContactLog.Direction.OUT,
    with_whom: str = "",
) -> ContactLog:
    """Log a call, text, email, letter or visit. A log records what happened, so nothing in the future."""
    if happened_at > timezone.now():
        raise ValidationError({"happened_at": "A contact cannot be in the future. Check the date and time."})
    contact = ContactLog(
        case=case,
        happened_at=happened_at,
        method=method,
        direction=direction,
        with_whom=with_whom.strip(),
        summary=summary.strip(),
        by=by,
    )
    contact.full_clean()
    return save_by(contact, by)


# ---------------------------------------------------------------- referrals to support services


@transaction.atomic
def service_referral_add(
    *,
    case: Case,
    by: User,
    service: str,
    organisation: str,
    consent_given: bool,
    consent_how: str,
    referred_on: date | None = None,
    notes: str = "",
) -> ServiceReferral:
    """Refer the applicant to a support service. Their details go only with their consent (UK GDPR art. 6),
    recorded with the referral, all or nothing."""
    referred_on = referred_on or timezone.localdate()
    errors = {}
    if not consent_given:
        errors["consent_given"] = (
            "We can only refer someone who has agreed to us sharing their details with the service. "
            "If they have not agreed, do not make the referral."
        )
    elif not consent_how.strip():
        errors["consent_how"] = "Say how they agreed, for example 'verbally, on the phone'."
    if referred_on > timezone.localdate():
        errors["referred_on"] = "The referral date cannot be in the future."
    if errors:
        raise ValidationError(errors)
    consent = people_services.consent_record(
        person=case.person, purpose=Consent.Purpose.SHARE_WITH_SUPPORT, how=consent_how, by=by
    )
    referral = ServiceReferral(
        case=case,
        service=service,
        organisation=organisation.strip(),
        referred_on=referred_on,
        consent=consent,
        notes=notes.strip(),
        by=by,
    )
    referral.full_clean()
    return save_by(referral, by)


@transaction.atomic
def service_referral_update(
    *, referral: ServiceReferral, by: User, status: str, updated_on: date | None = None, notes: str | None = None
) -> ServiceReferral:
    """Record what became of a referral: accepted, engaging, declined, not taken up or closed."""
    referral = ServiceReferral.objects.select_for_update().get(pk=referral.pk)
    updated_on = updated_on or timezone.localdate()
    if updated_on < referral.referred_on:
        raise ValidationError({"status_updated_on": "The date cannot be before the referral was made."})
    if updated_on > timezone.localdate():
        raise ValidationError({"status_updated_on": "The date cannot be in the future."})
    referral.status, referral.status_updated_on = status, updated_on
    if notes is not None:
        referral.notes = notes.strip()
    referral.full_clean()
    return save_by(referral, by)


# ---------------------------------------------------------------- documents


def check_document(upload: UploadedFile) -> None:
    """At most 10 MB, and a PDF, image or word-processor document whose content matches its name."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise ValidationError({"file": f"This type of file cannot be kept with a case. Upload {DOCUMENT_KINDS}."})
    if upload.size > MAX_DOCUMENT_MB * 1024 * 1024:
        raise ValidationError(
            {"file": f"The file is larger than {MAX_DOCUMENT_MB} MB. Try a smaller scan or photo, or split it."}
        )
    upload.seek(0)
    start = upload.read(16)
    upload.seek(0)
    if not DOCUMENT_TYPES[extension](start):
        raise ValidationError(
            {"file": f"The file does not look like a {extension[1:].upper()} file. It may be damaged or renamed."}
        )


@transaction.atomic
def document_upload(*, case: Case, by: User, title: str, file: UploadedFile) -> CaseDocument:
    check_document(file)
    document = CaseDocument(case=case, title=title.strip(), file=file, uploaded_by=by, uploaded_at=timezone.now())
    document.full_clean()
    return save_by(document, by)


def document_filename(document: CaseDocument) -> str:
    """The name a download gets: the title, with the stored file's extension."""
    extension = PurePath(document.file.name).suffix.lower()
    safe = "".join(c if c.isalnum() or c in " -_()" else "-" for c in document.title).strip() or "document"
    return f"{safe}{extension}"
