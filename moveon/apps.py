from django.apps import AppConfig


class MoveonConfig(AppConfig):
    name = "moveon"
    verbose_name = "Private rented move-on"
