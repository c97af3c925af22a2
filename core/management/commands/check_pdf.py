"""`manage.py check_pdf`: can this machine make Hearth's letters?

WeasyPrint needs system libraries pip cannot install (Pango, HarfBuzz, and at least one font).
`make run` calls this first, so a newcomer reads the one command that installs them instead of
meeting a traceback the first time they issue a letter.
"""

import platform
import shutil

from django.core.management.base import BaseCommand, CommandError

INSTALL = {
    "apt-get": "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core",
    "dnf": "sudo dnf install pango harfbuzz dejavu-sans-fonts",
    "brew": "brew install pango",
}


def install_command() -> str:
    """The one command for this machine's package manager (Debian's when none is recognised)."""
    if platform.system() == "Darwin":
        return INSTALL["brew"]
    for tool in ("apt-get", "dnf"):
        if shutil.which(tool):
            return INSTALL[tool]
    return INSTALL["apt-get"]


def pdf_problem() -> str | None:
    """Why a one-line PDF cannot be made here, or None when letters will work."""
    try:
        from weasyprint import HTML
    except (OSError, ImportError) as exc:  # a missing libpango or libharfbuzz fails at import
        return f"WeasyPrint cannot load its system libraries ({exc})."
    try:
        pdf = HTML(string="<p>Hearth</p>").write_pdf(uncompressed_pdf=True)
    except Exception as exc:  # noqa: BLE001 - any failure here means letters will fail too
        return f"WeasyPrint could not make a test PDF ({exc})."
    if b"/FontFile" not in pdf:
        return "WeasyPrint made a PDF with no font in it: no font is installed."
    return None


class Command(BaseCommand):
    help = "Check that WeasyPrint's system libraries and a font are installed, so letters can be made."

    def handle(self, *args, **options):
        problem = pdf_problem()
        if problem:
            raise CommandError(
                f"{problem}\nHearth makes letters and statements as PDFs. Install what they need with:\n\n"
                f"    {install_command()}\n"
            )
        self.stdout.write("PDF letters: ready (WeasyPrint, Pango, HarfBuzz and a font found).")
