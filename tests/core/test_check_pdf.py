"""`make run` checks WeasyPrint's system libraries first and names the command that installs them."""

import sys

import pytest
from django.core.management import CommandError, call_command

from core.management.commands import check_pdf


def test_this_machine_can_make_letters(capsys):
    call_command("check_pdf")
    assert "PDF letters: ready" in capsys.readouterr().out


def test_missing_libraries_name_the_one_command_that_installs_them(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.setattr(check_pdf.shutil, "which", lambda tool: "/usr/bin/apt-get" if tool == "apt-get" else None)
    monkeypatch.setattr(check_pdf.platform, "system", lambda: "Linux")
    with pytest.raises(CommandError) as refused:
        call_command("check_pdf")
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core" in str(
        refused.value
    )


def test_a_mac_is_told_to_use_homebrew(monkeypatch):
    monkeypatch.setattr(check_pdf.platform, "system", lambda: "Darwin")
    assert check_pdf.install_command() == "brew install pango"


def test_the_makefile_checks_before_it_migrates():
    from pathlib import Path

    run = Path(__file__).resolve().parents[2].joinpath("Makefile").read_text().split("\nrun:", 1)[1]
    assert run.index("check_pdf") < run.index("migrate")
