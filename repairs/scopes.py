"""What repairs registers with the registries below it: whose history follows which record's scope."""

from core import history

history.scope_through("repairs.AccessAttempt", "repair")
history.scope_through("repairs.EntryNotice", "repair")
history.scope_through("repairs.ControlDelay", "repair")
history.scope_through("repairs.VoidCheck", "void")
