"""The "Private rented offers" panel on the case page (casework's page shows it without importing moveon)."""

from core.panels import panel

from .models import Offer
from .services.offers import offer_affordability


@panel("casework.Case", "moveon_offers", title="Private rented offers", template="moveon/panels/offers.html", order=60)
def case_offers(request, case):
    user = request.user
    if not user.has_perm("moveon.view_offer"):
        return None
    offers = list(Offer.objects.filter(case=case).select_related("home", "landlord"))
    rows = [{"offer": offer, "afford": offer_affordability(offer)} for offer in offers]
    return {"case": case, "rows": rows, "can_add": user.has_perm("moveon.add_offer")}
