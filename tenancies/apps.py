from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "tenancies"
    verbose_name = "Tenancies: schemes, units, residents and agreements"

    def ready(self):
        from core import navigation

        from . import scopes  # noqa: F401 - registers who may see which residents

        navigation.register("Schemes", "tenancies:scheme_list", permission="tenancies.view_scheme", order=10)
        navigation.register("Residents", "tenancies:resident_list", permission="people.view_person", order=20)
        navigation.register("Incidents", "tenancies:incident_list", permission="tenancies.view_incident", order=30)
        navigation.register("Meetings", "tenancies:meeting_list", permission="tenancies.view_housemeeting", order=40)
        navigation.register("Complaints", "tenancies:complaint_list", permission="tenancies.view_complaint", order=50)
