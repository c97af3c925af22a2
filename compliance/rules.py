"""The compliance rules as named data on `core.clocks`, each citing its source.

Sources were read as follows (see ../shared/reference/statutory-notes.md section 2):

- Gas: Gas Safety (Installation and Use) Regulations 1998 (SI 1998/2451) reg 36(3)(a), each appliance
  and flue checked "at intervals of not more than 12 months since it was last checked"; reg 36A(1)
  (inserted by SI 2018/139), a check "completed within the period of 2 months ending with the deadline
  date" is "treated ... as having been made on the deadline date"; reg 36(3)(c) as amended by SI 2018/139
  reg 5(4), records kept "until there have been two further checks". Relevant premises include
  licences and hostels (HSE). Hearth keeps every record; it never deletes one.
- Electrical: Electrical Safety Standards in the Private Rented Sector (England) Regulations 2020
  (SI 2020/312) reg 3(2)(a), inspected and tested "at intervals of no more than 5 years"; remedial work
  within 28 days (reg 3(4)); extended to registered providers by SI 2025/1043 (in force 1 May 2026 for
  tenancies granted before 1 December 2025). Schedule 1 excludes hostels and refuges, so the checks
  apply per scheme (`tenancies.Scheme.safety_exemption`, with its basis).
- Fire: Regulatory Reform (Fire Safety) Order 2005 art 9(3), the assessment "reviewed ... regularly ...
  and particularly if ... there has been a significant change" (no interval in law: 12 months is
  sector practice). Fire Safety (England) Regulations 2022 (SI 2022/547): reg 9 fire safety
  instructions (buildings with two or more sets of domestic premises and common parts; new residents
  and every 12 months); reg 10 fire doors (top storey above 11 m: communal fire doors at least every
  3 months, flat entrance doors at least every 12 months on best endeavours, per the government's fire
  door guidance para 6.1); reg 7 monthly checks of firefighting and evacuation lifts and essential
  fire-fighting equipment in a high-rise residential building (at least 18 m or at least 7 storeys).
  We measure height to the top storey's floor (`Property.top_storey_height_m`).
- Fire alarms and emergency lighting: BS 5839-1 (weekly user test of the fire alarm) and BS 5266-1
  (monthly function test and annual full-duration test of emergency lighting), which the fire risk
  assessment relies on under the 2005 Order art 17 (maintenance).
- Smoke and CO alarms: Smoke and Carbon Monoxide Alarm (England) Regulations 2015 (SI 2015/1693)
  reg 4(1)(b), alarms checked "in proper working order on the day the tenancy begins", and reg 4(1)(c)
  (inserted by SI 2022/707) repair or replace after a report. The day-one check is on the void
  checklist (`repairs.VoidCheck`); the monthly test here is Hearth policy. The Schedule excludes
  hostels and refuges, as for electrical.
- Legionella: Health and Safety at Work etc. Act 1974 ss3-4, COSHH 2002 reg 6 and HSE ACOP L8
  (4th edition): assess and control the risk. No interval is set in law; every 2 years and on change
  is sector practice; monthly temperatures and weekly flushing of little-used outlets are L8's
  control regime (HSG274 part 2).
- Asbestos: Control of Asbestos Regulations 2012 (SI 2012/632) reg 4, the duty to manage in
  non-domestic premises, which HSE says includes "common parts of domestic premises"; yearly
  re-inspection where asbestos is present is sector practice, not law.
- Lifts: Lifting Operations and Lifting Equipment Regulations 1998 (SI 1998/2307) reg 9(3)(a)(i),
  lifting equipment for lifting persons "thoroughly examined ... at least every 6 months" (or under
  an examination scheme; admins can change the interval).
- Building-safety measures: Regulator of Social Housing, Tenant Satisfaction Measures technical
  requirements, BS01-BS05: the share of homes (dwelling units, not buildings) for which every
  required check was carried out and recorded, counting homes served by communal parts; remedial
  work is not part of the measure.
"""

from decimal import Decimal

from core.clocks import Rule, Unit

GAS_SAFETY = Rule(12, Unit.MONTHS, source="SI 1998/2451 reg 36(3)(a)", label="Gas safety check")
# A check in the 2 months ending with the deadline keeps the anniversary.
GAS_EARLY_WINDOW = Rule(2, Unit.MONTHS, source="SI 1998/2451 reg 36A(1)", label="Early check window")
ELECTRICAL_INSTALLATION = Rule(
    5 * 12, Unit.MONTHS, source="SI 2020/312 reg 3(2)(a), as extended by SI 2025/1043", label="EICR"
)
ELECTRICAL_REMEDIAL = Rule(28, Unit.CALENDAR_DAYS, source="SI 2020/312 reg 3(4)", label="Electrical remedial work")
PORTABLE_APPLIANCES = Rule(
    12, Unit.MONTHS, source="SI 2020/312 as extended by SI 2025/1043 (in-service testing); Hearth policy: yearly"
)
FIRE_RISK_ASSESSMENT = Rule(12, Unit.MONTHS, source="SI 2005/1541 art 9(3); sector practice: yearly review")
FIRE_SAFETY_INSTRUCTIONS = Rule(12, Unit.MONTHS, source="SI 2022/547 reg 9")
# Fire safety instructions to a new resident "as soon as reasonably practicable" after moving in
# (SI 2022/547 reg 9): a check with no interval, due again at each new agreement.
FIRE_SAFETY_INSTRUCTIONS_MOVE_IN_SOURCE = "SI 2022/547 reg 9 (new residents, on moving in)"
VOID_FLUSHING = Rule(1, Unit.WEEKS, source="ACOP L8 / HSG274 part 2: flush the outlets of an empty home weekly")
COMMUNAL_FIRE_DOORS = Rule(3, Unit.MONTHS, source="SI 2022/547 reg 10 (top storey above 11 m)")
FLAT_ENTRANCE_DOORS = Rule(12, Unit.MONTHS, source="SI 2022/547 reg 10 (top storey above 11 m; best endeavours)")
HIGH_RISE_EQUIPMENT = Rule(1, Unit.MONTHS, source="SI 2022/547 reg 7 (high-rise residential building)")
FIRE_ALARM_TEST = Rule(1, Unit.WEEKS, source="BS 5839-1 weekly user test; SI 2005/1541 art 17")
EMERGENCY_LIGHTING_MONTHLY = Rule(1, Unit.MONTHS, source="BS 5266-1 monthly function test; SI 2005/1541 art 17")
EMERGENCY_LIGHTING_ANNUAL = Rule(12, Unit.MONTHS, source="BS 5266-1 annual full-duration test")
SMOKE_CO_ALARMS = Rule(1, Unit.MONTHS, source="SI 2015/1693 reg 4 as amended by SI 2022/707; Hearth policy: monthly")
LEGIONELLA_RISK_ASSESSMENT = Rule(24, Unit.MONTHS, source="HSWA 1974, COSHH reg 6, ACOP L8; sector practice: 2 years")
WATER_TEMPERATURES = Rule(1, Unit.MONTHS, source="ACOP L8 / HSG274 part 2: monthly outlet temperatures")
OUTLET_FLUSHING = Rule(1, Unit.WEEKS, source="ACOP L8 / HSG274 part 2: weekly flushing of little-used outlets")
ASBESTOS_REINSPECTION = Rule(12, Unit.MONTHS, source="SI 2012/632 reg 4; sector practice: yearly re-inspection")
LIFT_THOROUGH_EXAMINATION = Rule(6, Unit.MONTHS, source="SI 1998/2307 reg 9(3)(a)(i)")
HEALTH_AND_SAFETY_WALKROUND = Rule(1, Unit.MONTHS, source="Hearth policy: monthly walk-round")

FIRE_DOORS_ABOVE_M = Decimal("11")  # SI 2022/547 reg 10: "top storey ... above 11 metres"
HIGH_RISE_HEIGHT_M = Decimal("18")  # SI 2022/547 reg 3: "at least 18 metres in height"
HIGH_RISE_STOREYS = 7  # SI 2022/547 reg 3: "or at least 7 storeys"

# Fire risk assessment action priorities (seeded into `ActionPriority`; admins edit them).
ACTION_PRIORITIES = {
    "immediate": Rule(1, Unit.CALENDAR_DAYS, source="Fire risk assessment priority: immediate", label="Immediate"),
    "one_month": Rule(1, Unit.MONTHS, source="Fire risk assessment priority: within 1 month", label="Within 1 month"),
    "three_months": Rule(
        3, Unit.MONTHS, source="Fire risk assessment priority: within 3 months", label="Within 3 months"
    ),
    "twelve_months": Rule(
        12, Unit.MONTHS, source="Fire risk assessment priority: within 12 months", label="Within 12 months"
    ),
    "electrical_remedial": Rule(
        28, Unit.CALENDAR_DAYS, source="SI 2020/312 reg 3(4)", label="Electrical remedial (28 days)"
    ),
}

CERTIFICATE_MAX_BYTES = 10 * 2**20  # Hearth policy: a scanned certificate fits in 10 MB

# The regulator's building-safety measures and the checks each one needs.
BUILDING_SAFETY_MEASURES = {
    "BS01": "Gas safety checks",
    "BS02": "Fire risk assessments",
    "BS03": "Asbestos management surveys or re-inspections",
    "BS04": "Legionella risk assessments",
    "BS05": "Communal passenger lift safety checks",
}


def _check(code, name, applies_to, rule, recorded_by, *, condition="always", asset_kind="", warning_days=30, **extra):
    return {
        "code": code,
        "name": name,
        "applies_to": applies_to,
        "asset_kind": asset_kind,
        "condition": condition,
        "rule": rule,
        "recorded_by": recorded_by,
        "warning_days": warning_days,
        "is_pre_let": extra.get("is_pre_let", False),
        "measure": extra.get("measure", ""),
        "early_window_months": extra.get("early_window_months", 0),
        "source": extra.get("source") or (rule.source if rule else ""),
        "registration_label": extra.get("registration_label", ""),
        "repair_category": extra.get("repair_category", "other"),
        "due_at_each_new_agreement": extra.get("due_at_each_new_agreement", False),
    }


# The check types a new install starts with (seeded into `CheckType`; admins then edit them).
DEFAULT_CHECK_TYPES = (
    _check(
        "gas_safety",
        "Gas safety check",
        "building",
        GAS_SAFETY,
        "certificate",
        condition="gas_supply",
        warning_days=60,
        is_pre_let=True,
        measure="BS01",
        early_window_months=GAS_EARLY_WINDOW.amount,
        source="SI 1998/2451 reg 36(3)(a) and reg 36A",
        registration_label="Gas Safe registration number",  # reg 36(3)(c): the record names it
        repair_category="heating",
    ),
    _check(
        "eicr",
        "Electrical installation condition report",
        "building",
        ELECTRICAL_INSTALLATION,
        "certificate",
        condition="safety_regulations",
        warning_days=90,
        is_pre_let=True,
        repair_category="electrical",
    ),
    _check(
        "pat",
        "Portable appliance test",
        "building",
        PORTABLE_APPLIANCES,
        "certificate",
        condition="safety_regulations",
        repair_category="electrical",
    ),
    _check(
        "fire_risk_assessment",
        "Fire risk assessment",
        "building",
        FIRE_RISK_ASSESSMENT,
        "certificate",
        condition="communal_areas",
        warning_days=60,
        is_pre_let=True,
        measure="BS02",
        repair_category="fire_safety",
    ),
    _check(
        "fire_safety_instructions",
        "Fire safety instructions to residents",
        "building",
        FIRE_SAFETY_INSTRUCTIONS,
        "staff",
        condition="communal_areas",
        repair_category="fire_safety",
    ),
    _check(
        "fire_safety_instructions_move_in",
        "Fire safety instructions to a new resident",
        "unit",
        None,
        "staff",
        condition="communal_areas",
        warning_days=0,
        due_at_each_new_agreement=True,
        source=FIRE_SAFETY_INSTRUCTIONS_MOVE_IN_SOURCE,
        repair_category="fire_safety",
    ),
    _check(
        "communal_fire_doors",
        "Communal fire doors",
        "building",
        COMMUNAL_FIRE_DOORS,
        "staff",
        condition="above_11m",
        repair_category="windows_doors",
    ),
    _check(
        "flat_entrance_doors",
        "Flat entrance doors",
        "building",
        FLAT_ENTRANCE_DOORS,
        "staff",
        condition="above_11m",
        repair_category="windows_doors",
    ),
    _check(
        "firefighting_equipment",
        "Firefighting lifts and equipment",
        "building",
        HIGH_RISE_EQUIPMENT,
        "staff",
        condition="high_rise",
        warning_days=7,
        repair_category="fire_safety",
    ),
    _check(
        "fire_alarm_test",
        "Fire alarm test",
        "asset",
        FIRE_ALARM_TEST,
        "staff",
        asset_kind="fire_alarm",
        warning_days=2,
        repair_category="fire_safety",
    ),
    _check(
        "emergency_lighting_monthly",
        "Emergency lighting function test",
        "asset",
        EMERGENCY_LIGHTING_MONTHLY,
        "staff",
        asset_kind="emergency_lighting",
        warning_days=7,
        repair_category="fire_safety",
    ),
    _check(
        "emergency_lighting_annual",
        "Emergency lighting full-duration test",
        "asset",
        EMERGENCY_LIGHTING_ANNUAL,
        "certificate",
        asset_kind="emergency_lighting",
        repair_category="fire_safety",
    ),
    _check(
        "smoke_co_alarms",
        "Smoke and carbon monoxide alarms",
        "unit",
        SMOKE_CO_ALARMS,
        "staff",
        condition="safety_regulations",
        warning_days=7,
        is_pre_let=True,
        repair_category="fire_safety",
    ),
    _check(
        "legionella_risk_assessment",
        "Legionella risk assessment",
        "building",
        LEGIONELLA_RISK_ASSESSMENT,
        "certificate",
        warning_days=60,
        measure="BS04",
        repair_category="plumbing",
    ),
    _check(
        "water_temperatures",
        "Water temperatures",
        "asset",
        WATER_TEMPERATURES,
        "staff",
        asset_kind="water_system",
        warning_days=7,
        repair_category="plumbing",
    ),
    _check(
        "outlet_flushing",
        "Flushing little-used outlets",
        "asset",
        OUTLET_FLUSHING,
        "staff",
        asset_kind="water_system",
        warning_days=2,
        repair_category="plumbing",
    ),
    _check(
        "void_flushing",
        "Flushing while the home is empty",
        "unit",
        VOID_FLUSHING,
        "staff",
        condition="void",
        warning_days=2,
        repair_category="plumbing",
    ),
    _check(
        "asbestos_survey",
        "Asbestos management survey",
        "building",
        None,
        "certificate",
        condition="communal_areas",
        measure="BS03",
        source="SI 2012/632 reg 4 (duty to manage common parts)",
    ),
    _check(
        "asbestos_reinspection",
        "Asbestos re-inspection",
        "building",
        ASBESTOS_REINSPECTION,
        "certificate",
        condition="asbestos_present",
        measure="BS03",
    ),
    _check(
        "lift_thorough_examination",
        "Lift thorough examination",
        "asset",
        LIFT_THOROUGH_EXAMINATION,
        "certificate",
        asset_kind="lift",
        measure="BS05",
    ),
    _check(
        "hoist_thorough_examination",
        "Stair-lift or hoist thorough examination",
        "asset",
        LIFT_THOROUGH_EXAMINATION,
        "certificate",
        asset_kind="stairlift",
    ),
    _check(
        "health_safety_walkround",
        "Health and safety walk-round",
        "scheme",
        HEALTH_AND_SAFETY_WALKROUND,
        "staff",
        warning_days=7,
    ),
)
