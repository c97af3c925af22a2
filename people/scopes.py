"""Who may see which person: modules above register a condition (see core.scopes)."""

from core import history
from core.scopes import ScopeRegistry

registry = ScopeRegistry()
register = registry.register


for _label in ("people.SupportNeed", "people.RiskFlag", "people.Consent"):
    history.scope_through(_label, "person")
history.log_history_reads("people.SupportNeed", "support needs and risks")
history.log_history_reads("people.RiskFlag", "support needs and risks")


def _merged_into(person) -> dict[int, str]:
    """The records merged into this person's (people.services.person_merge): their history is theirs too."""
    from .models import PersonMerge

    return {
        merged_id: f"On the record of {name} (#{merged_id}), since merged into this one."
        for merged_id, name in PersonMerge.objects.filter(kept=person).values_list("merged_id", "merged_name")
    }


history.show_absorbed_history("people.Person", _merged_into)
