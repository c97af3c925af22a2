from .views import cases, contacts, duties, mediation, placements, plans, referrals, safeguarding, visits

app_name = "casework"

urlpatterns = [
    *referrals.urlpatterns,
    *cases.urlpatterns,
    *duties.urlpatterns,
    *placements.urlpatterns,
    *plans.urlpatterns,
    *visits.urlpatterns,
    *mediation.urlpatterns,
    *safeguarding.urlpatterns,
    *contacts.urlpatterns,
]
