"""Exporting a quarter: refused with the list, drafts marked, snapshots kept and re-downloaded, audited."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from accounts import roles
from core.models import AccessLog
from hclic.export import schema
from hclic.models import HclicSubmission
from hclic.quarters import Quarter
from hclic.services.submissions import QuarterNotReady, quarter_export, readiness
from tests.accounts.factories import UserFactory
from tests.casework.factories import hclic
from tests.hclic.factories import duty, ready

pytestmark = pytest.mark.django_db
Q3 = Quarter.parse("2026Q3")
D = datetime.date
AFTER = datetime.datetime(2026, 10, 5, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _after_the_quarter():
    with time_machine.travel(AFTER, tick=False):
        yield


@pytest.fixture
def leader():
    return UserFactory(role=roles.TEAM_LEADER)


def test_a_quarter_with_failing_cases_is_refused_with_the_list(leader):
    ready()
    failing = ready(day=7, reason_for_loss=None)
    with pytest.raises(QuarterNotReady) as refused:
        quarter_export(quarter=Q3, draft=False, by=leader)
    assert [f.reference for f in refused.value.failures] == [failing.reference]
    assert failing.reference in refused.value.messages[0]
    assert not HclicSubmission.objects.exists()


def test_a_draft_runs_with_failing_cases_and_is_kept_nowhere(leader):
    ready(reason_for_loss=None)
    files, submission = quarter_export(quarter=Q3, draft=True, by=leader)
    assert submission is None and not HclicSubmission.objects.exists()
    assert etree.fromstring(files.case_file).get("draft") == "true"


def test_a_full_export_is_frozen_and_a_second_makes_a_new_version(leader):
    case = ready()
    files, first = quarter_export(quarter=Q3, draft=False, by=leader)
    assert (first.version, first.case_count, bytes(first.case_file)) == (1, 1, files.case_file)
    assert first.totals["prevention"]["owed"] == 1
    assert AccessLog.objects.filter(object_id=first.pk, what="exported").exists()
    case.reason_detail = "Changed after the first export."
    case.save()
    _, second = quarter_export(quarter=Q3, draft=False, by=leader)
    assert second.version == 2
    assert list(HclicSubmission.objects.values_list("version", flat=True)) == [2, 1]
    assert bytes(HclicSubmission.objects.get(pk=first.pk).case_file) == files.case_file


def test_readiness_lists_failing_cases_in_fixed_queries(django_assert_num_queries):
    for day in range(1, 8):
        ready(day=day, reason_for_loss=None)
    with django_assert_num_queries(3):
        assert len(readiness(Q3)) == 7


def test_the_export_page_refuses_with_the_list(client, leader):
    failing = ready(reason_for_loss=None)
    client.force_login(leader)
    response = client.post(reverse("hclic:export"), {"quarter": "2026Q3"})
    assert response.status_code == 200
    assert "1 case(s) would fail H-CLIC validation" in response.content.decode()
    assert f"/prevention/cases/{failing.pk}/triage/#id_reason_for_loss" in response.content.decode()
    assert not HclicSubmission.objects.exists()


def test_the_export_page_gives_a_draft_as_a_zip_marked_draft(client, leader):
    ready(reason_for_loss=None)
    client.force_login(leader)
    response = client.post(reverse("hclic:export"), {"quarter": "2026Q3", "draft": "on"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "hclic-2026Q3-cases-DRAFT.csv",
        "hclic-2026Q3-cases-DRAFT.xml",
        "hclic-2026Q3-personal-DRAFT.xml",
    ]
    assert b'draft="true"' in archive.read("hclic-2026Q3-cases-DRAFT.xml")


def test_bad_quarter_re_renders_with_an_error(client, leader):
    client.force_login(leader)
    response = client.post(reverse("hclic:export"), {"quarter": "Q9 2026"})
    assert response.status_code == 200 and "write it like 2026Q3" in response.content.decode()
    assert not HclicSubmission.objects.exists()


def test_a_snapshot_is_re_downloaded_and_the_download_audited(client, leader):
    ready()
    client.force_login(leader)
    response = client.post(reverse("hclic:export"), {"quarter": "2026Q3"})
    submission = HclicSubmission.objects.get()
    assert response.status_code == 302 and response.url == reverse("hclic:submission_detail", args=[submission.pk])
    page = client.get(response.url).content.decode()
    assert "Households owed a prevention duty" in page
    for which in ("cases", "personal"):
        download = client.get(reverse("hclic:submission_file", args=[submission.pk, which]))
        assert download["Cache-Control"] == "private, no-store"
        assert schema().validate(etree.fromstring(download.content))
    assert AccessLog.objects.filter(object_id=submission.pk, what="downloaded personal", user=leader).exists()
    assert client.get(reverse("hclic:submission_file", args=[submission.pk, "other"])).status_code == 404


def test_officers_may_not_export(client):
    officer = UserFactory(role=roles.PREVENTION_OFFICER)
    client.force_login(officer)
    assert client.post(reverse("hclic:export"), {"quarter": "2026Q3", "draft": "on"}).status_code == 403


def test_the_submission_list_has_fixed_queries(client, leader, django_assert_num_queries):
    client.force_login(leader)
    for versions in (range(1, 4), range(4, 10)):
        for version in versions:
            HclicSubmission.objects.create(
                quarter="2026Q3", version=version, case_file=b"", personal_file=b"", csv_file=b"", exported_by=leader
            )
        with django_assert_num_queries(13):
            assert client.get(reverse("hclic:submission_list")).status_code == 200


def test_the_readiness_page_shows_the_users_failing_cases(client):
    officer = UserFactory(role=roles.PREVENTION_OFFICER)
    from tests.casework.scoping import case_for

    mine = case_for(officer, approached_on=D(2026, 7, 6), reason_for_loss=None)
    duty(mine, started_on=D(2026, 7, 6))
    other = ready(reason_for_loss=None)
    client.force_login(officer)
    page = client.get(reverse("hclic:readiness"), {"quarter": "2026Q3"}).content.decode()
    assert mine.reference in page and other.reference not in page


def test_the_case_page_panel(client):
    from tests.casework.scoping import case_for

    officer = UserFactory(role=roles.PREVENTION_OFFICER)
    case = case_for(officer, reason_for_loss=None)
    duty(case, started_on=case.approached_on)
    client.force_login(officer)
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "What the H-CLIC return still needs" in page
    assert "Record the reason for loss of home" in page


def test_the_command_refuses_then_writes_a_draft_then_a_full_export(tmp_path, leader, capsys):
    failing = ready(reason_for_loss=None)
    with pytest.raises(CommandError, match="would fail"):
        call_command("export_hclic", "--quarter", "2026Q3", "--by", leader.email, "--output", str(tmp_path))
    assert failing.reference in capsys.readouterr().err
    call_command("export_hclic", "--quarter", "2026Q3", "--draft", "--by", leader.email, "--output", str(tmp_path))
    assert (tmp_path / "hclic-2026Q3-cases-DRAFT.xml").exists()
    failing.reason_for_loss = hclic("reason_loss_settled_home", "DOMESTIC_ABUSE")
    failing.save()
    call_command("export_hclic", "--quarter", "2026Q3", "--by", leader.email, "--output", str(tmp_path))
    assert (tmp_path / "hclic-2026Q3-personal.xml").exists()
    assert HclicSubmission.objects.get().exported_by == leader
    with pytest.raises(CommandError, match="not a quarter"):
        call_command("export_hclic", "--quarter", "2026", "--by", leader.email)
