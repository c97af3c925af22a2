"""Reports made in the background (core.reports): made once however often the task runs, a failure
told to the requester in words, a stalled request queued again, files deleted after a week, and only
the requester may open or download a report."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from core import reports
from core.models import GeneratedReport, Notification
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC)


@pytest.fixture
def kinds(settings, tmp_path):
    """Two report kinds of this test's own: one that makes a small text file, one that always breaks."""
    settings.MEDIA_ROOT = tmp_path
    made = []

    @reports.report_kind("test.text")
    def text(user, params):
        made.append(params)
        return reports.Made(f"Hello {user.email}: {params['n']}".encode(), f"hello-{params['n']}.txt", "text/plain")

    @reports.report_kind("test.broken")
    def broken(user, params):
        raise RuntimeError("the renderer fell over")

    yield made
    reports._kinds.pop("test.text")
    reports._kinds.pop("test.broken")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _request(user, kind="test.text", n=1):
    return reports.request_report(user=user, kind=kind, title=f"Test report {n}", params={"n": n})


def test_a_report_is_made_once_however_often_its_task_runs(kinds, frozen, django_capture_on_commit_callbacks):
    user = UserFactory(email="asker@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        report = _request(user)
    report.refresh_from_db()
    assert report.status == "ready" and report.filename == "hello-1.txt"
    with report.file.open("rb") as handle:
        assert handle.read() == b"Hello asker@example.org: 1"
    assert report.expires_at == NOW + reports.KEEP_FOR
    assert reports.make_report(report.pk) == "done"
    assert len(kinds) == 1
    messages = Notification.objects.filter(recipient=user)
    assert [(m.subject, m.url) for m in messages] == [
        ("Your report is ready: Test report 1", reverse("core:report_detail", args=[report.pk]))
    ]


def test_a_report_that_breaks_is_marked_failed_and_the_requester_told(kinds, frozen, caplog):
    user = UserFactory()
    report = _request(user, kind="test.broken")
    assert reports.make_report(report.pk) == "failed"
    report.refresh_from_db()
    assert report.status == "failed" and not report.file
    assert "Please ask again" in report.error and "fell over" not in report.error
    assert "could not be made" in caplog.text
    message = Notification.objects.get(recipient=user)
    assert message.subject == "Your report could not be made: Test report 1"


def test_an_unknown_kind_is_refused_before_anything_is_recorded(kinds):
    with pytest.raises(ValueError, match="No report kind"):
        reports.request_report(user=UserFactory(), kind="test.nothing", title="x", params={})
    assert not GeneratedReport.objects.exists()


def test_a_stalled_report_is_queued_again_and_an_old_one_deleted_with_its_file(
    kinds, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with time_machine.travel(NOW, tick=False):
        stalled = _request(user, n=1)  # its queueing was lost (captured and never run)
    with time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False):
        fresh = _request(user, n=2)
    with time_machine.travel(NOW + reports.REQUEUE_AFTER, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reports.requeue_stalled() == 1
    stalled.refresh_from_db()
    assert stalled.status == "ready" and GeneratedReport.objects.get(pk=fresh.pk).status == "queued"
    path = Path(stalled.file.path)
    assert path.exists()
    with time_machine.travel(stalled.expires_at - datetime.timedelta(seconds=1), tick=False):
        assert reports.delete_expired() == 1  # the one never made, a week after it was asked for
    assert list(GeneratedReport.objects.values_list("pk", flat=True)) == [stalled.pk]
    with time_machine.travel(stalled.expires_at, tick=False):
        assert reports.delete_expired() == 1
    assert not GeneratedReport.objects.filter(pk=stalled.pk).exists() and not path.exists()


def test_only_the_requester_may_open_or_download_a_report(kinds, frozen, client):
    owner, other = UserFactory(), UserFactory()
    report = _request(owner)
    reports.make_report(report.pk)
    queued = _request(owner, n=2)
    client.force_login(other)
    assert client.get(reverse("core:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("core:report_download", args=[report.pk])).status_code == 404
    assert b"Test report" not in client.get(reverse("core:reports")).content
    client.force_login(owner)
    listing = client.get(reverse("core:reports")).content.decode()
    assert "Test report 1" in listing and "Test report 2" in listing and "Being made" in listing
    page = client.get(reverse("core:report_detail", args=[report.pk])).content.decode()
    assert "Your report is ready" in page and "Download hello-1.txt" in page
    download = client.get(reverse("core:report_download", args=[report.pk]))
    assert download.status_code == 200 and download.content.startswith(b"Hello")
    assert download["Content-Disposition"] == 'attachment; filename="hello-1.txt"'
    waiting = client.get(reverse("core:report_detail", args=[queued.pk])).content.decode()
    assert "We are making this report" in waiting and 'hx-trigger="every 3s"' in waiting
    assert client.get(reverse("core:report_download", args=[queued.pk])).status_code == 404
