"""The landlord and letting agent directory: list and search, a landlord's page with their homes, a home's
page with the documents seen, and the forms to add and change them."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible

from ..forms.landlords import DocumentForm, LandlordForm, LandlordSearchForm, PropertyForm
from ..models import Landlord, LandlordProperty, PropertyDocument
from ..services import landlords as services

PAGE_SIZE = 25


def _latest_documents(home, today):
    """The latest document of each kind seen for a home, with whether it has expired (documents prefetched)."""
    latest = {}
    for document in home.documents.all():
        latest.setdefault(document.kind, document)
    rows = []
    for kind, label in PropertyDocument.Kind.choices:
        document = latest.get(kind)
        rows.append({"label": label, "document": document, "expired": bool(document and document.expired(today))})
    return rows


@permission_required("moveon.view_landlord", raise_exception=True)
def landlord_list(request):
    form = LandlordSearchForm(request.GET or None)
    landlords = (
        Landlord.objects.visible_to(request.user).annotate(homes=Count("properties")).order_by("-active", "name", "pk")
    )
    if form.is_valid() and form.cleaned_data.get("q"):
        landlords = landlords.filter(name__icontains=form.cleaned_data["q"])
    page = Paginator(landlords, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moveon/landlord_list.html", {"form": form, "page_obj": page})


@permission_required("moveon.view_landlord", raise_exception=True)
def landlord_detail(request, pk):
    landlord = get_visible(Landlord, request.user, pk=pk)
    today = timezone.localdate()
    homes = landlord.properties.select_related("brma").prefetch_related(
        Prefetch("documents", queryset=PropertyDocument.objects.order_by("kind", "-seen_on", "-pk"))
    )
    rows = []
    for home in homes:
        documents = _latest_documents(home, today)
        rows.append({"home": home, "expired": [d for d in documents if d["expired"]]})
    return render(
        request,
        "moveon/landlord_detail.html",
        {"landlord": landlord, "rows": rows, "moves": _moves_of(landlord)},
    )


def _moves_of(landlord):
    """Tenancies arranged through Hearth with this landlord and how they went (no names: the directory is
    shared more widely than any one case)."""
    return list(landlord.moves.select_related("home", "offer__home").order_by("-start_date", "-pk")[:50])


@permission_required("moveon.add_landlord", raise_exception=True)
def landlord_create(request):
    form = LandlordForm(request.POST or None)
    return form_view(
        request,
        form,
        template="moveon/landlord_form.html",
        save=lambda form: services.landlord_save(landlord=form.save(commit=False), by=request.user),
        success=lambda landlord: f"{landlord} added.",
        context={"title": "Add a landlord or letting agent", "button": "Add them"},
    )


@permission_required("moveon.change_landlord", raise_exception=True)
def landlord_edit(request, pk):
    landlord = get_visible(Landlord, request.user, pk=pk)
    form = LandlordForm(request.POST or None, instance=landlord)
    return form_view(
        request,
        form,
        template="moveon/landlord_form.html",
        save=lambda form: services.landlord_save(landlord=form.save(commit=False), by=request.user),
        success=lambda landlord: f"{landlord}'s details saved.",
        context={"title": f"Change {landlord}", "button": "Save the changes", "landlord": landlord},
    )


@permission_required("moveon.add_landlordproperty", raise_exception=True)
def property_create(request, pk):
    landlord = get_visible(Landlord, request.user, pk=pk)
    form = PropertyForm(request.POST or None)

    def save(form):
        home = form.save(commit=False)
        home.landlord = landlord
        return services.property_save(home=home, by=request.user)

    return form_view(
        request,
        form,
        template="moveon/property_form.html",
        save=save,
        success=lambda home: f"{home} added.",
        context={"title": f"Add a home {landlord} offers", "button": "Add the home", "landlord": landlord},
    )


@permission_required("moveon.change_landlordproperty", raise_exception=True)
def property_edit(request, pk):
    home = get_visible(LandlordProperty.objects.select_related("landlord"), request.user, pk=pk)
    form = PropertyForm(request.POST or None, instance=home)
    return form_view(
        request,
        form,
        template="moveon/property_form.html",
        save=lambda form: services.property_save(home=form.save(commit=False), by=request.user),
        success=lambda home: f"{home}: changes saved.",
        context={
            "title": f"Change {home}",
            "button": "Save the changes",
            "landlord": home.landlord,
            "home": home,
        },
    )


@permission_required("moveon.view_landlordproperty", raise_exception=True)
def property_detail(request, pk):
    home = get_visible(
        LandlordProperty.objects.select_related("landlord", "brma").prefetch_related(
            Prefetch("documents", queryset=PropertyDocument.objects.select_related("seen_by"))
        ),
        request.user,
        pk=pk,
    )
    today = timezone.localdate()
    return render(
        request,
        "moveon/property_detail.html",
        {
            "home": home,
            "latest": _latest_documents(home, today),
            "documents": [{"document": d, "expired": d.expired(today)} for d in home.documents.all()],
        },
    )


@permission_required("moveon.add_propertydocument", raise_exception=True)
def document_create(request, pk):
    home = get_visible(LandlordProperty.objects.select_related("landlord"), request.user, pk=pk)
    form = DocumentForm(request.POST or None, initial={"seen_on": timezone.localdate()})
    return form_view(
        request,
        form,
        template="moveon/document_form.html",
        save=lambda form: services.document_record(home=home, by=request.user, **form.cleaned_data),
        success=lambda document: f"{document.get_kind_display()} recorded.",
        then=home,
        context={"home": home},
    )


urlpatterns = [
    path("landlords/", landlord_list, name="landlord_list"),
    path("landlords/add/", landlord_create, name="landlord_create"),
    path("landlords/<int:pk>/", landlord_detail, name="landlord_detail"),
    path("landlords/<int:pk>/edit/", landlord_edit, name="landlord_edit"),
    path("landlords/<int:pk>/homes/add/", property_create, name="property_create"),
    path("homes/<int:pk>/", property_detail, name="property_detail"),
    path("homes/<int:pk>/edit/", property_edit, name="property_edit"),
    path("homes/<int:pk>/documents/add/", document_create, name="document_create"),
]
