from django.apps import AppConfig


class HclicConfig(AppConfig):
    name = "hclic"
    verbose_name = "H-CLIC statutory return"
