"""What moveon registers with core: whose history a document or a viewing follows."""

from core import history

history.scope_through("moveon.PropertyDocument", "property")
history.scope_through("moveon.Viewing", "offer")
