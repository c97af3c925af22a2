"""Record panels: a higher app shows its part of a lower app's page without an upward import."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from core import panels
from tests.tenancies.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_panel(tmp_path, settings):
    (tmp_path / "panel.html").write_text("<section><h2>{{ panel.title }}</h2><p>{{ note }}</p></section>")
    first = settings.TEMPLATES[0]
    # A new list (not an edit in place) so Django's setting_changed resets the template engines.
    settings.TEMPLATES = [{**first, "DIRS": [*first["DIRS"], str(tmp_path)]}, *settings.TEMPLATES[1:]]

    @panels.panel("tenancies.Complaint", "zz_test", title="Repairs raised", template="panel.html")
    def context(request, obj):
        return None if obj.summary == "hide me" else {"note": f"For {obj.summary}"}

    yield
    panels._panels["tenancies.Complaint"].pop("zz_test")


def render(obj):
    template = Template("{% load panels %}{% record_panels obj %}")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return template.render(Context({"obj": obj, "request": request}))


def test_a_registered_panel_renders_on_its_model_only(test_panel):
    html = render(ComplaintFactory(summary="a leaking roof"))
    assert "<h2>Repairs raised</h2>" in html and "For a leaking roof" in html


def test_a_panel_whose_function_returns_none_is_hidden(test_panel):
    assert "Repairs raised" not in render(ComplaintFactory(summary="hide me"))
