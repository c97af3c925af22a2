"""Who may open the repairs pages: housing staff in their schemes; support workers report and see
their schemes' repairs; prevention officers and team leaders nothing (issue 11, Access)."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from repairs.models import RepairPhoto
from tests.access_matrix import HOUSING, HOUSING_AND_SUPPORT, Access
from tests.repairs.factories import CompletedRepairFactory, RepairFactory
from tests.tenancies.scoping import scheme_for


def _repair(factory=RepairFactory):
    def kwargs(user, users):
        return {"pk": factory(unit__property__scheme=scheme_for(user)).pk}

    return kwargs


def _photo(user, users):
    repair = RepairFactory(unit__property__scheme=scheme_for(user))
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    photo = RepairPhoto(repair=repair, content_type="image/png", size=len(buffer.getvalue()))
    photo.image.save("photo.png", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    return {"pk": photo.pk}


ACCESS = {
    "repairs:repair_list": Access(allowed=HOUSING_AND_SUPPORT),
    "repairs:repair_create": Access(allowed=HOUSING_AND_SUPPORT),
    "repairs:repair_detail": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_repair()),
    "repairs:repair_priority": Access(allowed=HOUSING, kwargs=_repair()),
    "repairs:repair_book": Access(allowed=HOUSING, kwargs=_repair()),
    "repairs:repair_complete": Access(allowed=HOUSING, kwargs=_repair()),
    "repairs:repair_cancel": Access(allowed=HOUSING, kwargs=_repair()),
    "repairs:repair_verify": Access(allowed=HOUSING, method="post", kwargs=_repair(CompletedRepairFactory), ok=(302,)),
    "repairs:works_order_create": Access(allowed=HOUSING, kwargs=_repair()),
    "repairs:photo_add": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_repair()),
    "repairs:photo": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_photo),
}
