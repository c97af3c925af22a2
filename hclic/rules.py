"""When a case belongs in a quarter's H-CLIC return, as named data (read by hclic.quarters).

H-CLIC reports a case in a quarter when something reportable happened to it in that quarter
(statutory-notes 3.4; Locata "H-CLIC Validations for Officers", June 2024; Summary of the Data
Monitoring Specification, 14 Aug 2017, hclic-categories section 8):

- **duty**: a prevention, relief, interim or main duty began, or was decided (the s184 decision);
- **duty change or end**: a duty ended (and so the case moved between duties);
- **assessed**: the s189A assessment was completed (it is item 1.5, the assessment date);
- **temporary accommodation**: the household moved into interim or temporary accommodation;
- **closed**: the case was closed.

Advice-only cases, with no duty ever owed, are left out unless they were placed in temporary
accommodation (Locata, above). Only placements against a homeless application count (Huume
"17. Homeless placements"); every Hearth placement is made under a duty, so all of them do.
"""

from core.clocks import Rule, Unit

# A quarter is three calendar months from 1 April, 1 July, 1 October or 1 January.
QUARTER = Rule(3, Unit.MONTHS, source="MHCLG H-CLIC quarterly collection (statutory-notes 3.3)", label="Quarter")

TRIGGER_DUTY = "duty"
TRIGGER_DUTY_ENDED = "duty_ended"
TRIGGER_ASSESSED = "assessed"
TRIGGER_DECISION = "decision"
TRIGGER_PLACED = "placed"
TRIGGER_CLOSED = "closed"

TRIGGER_LABELS = {
    TRIGGER_DUTY: "A duty began",
    TRIGGER_DUTY_ENDED: "A duty changed or ended",
    TRIGGER_ASSESSED: "Assessed (s189A)",
    TRIGGER_DECISION: "Main duty decision made (s184)",
    TRIGGER_PLACED: "Moved into temporary accommodation",
    TRIGGER_CLOSED: "Case closed",
}

TRIGGER_SOURCE = "Locata, H-CLIC Validations for Officers (June 2024); statutory-notes 3.4"
