"""The demo caseload's scenarios: each case's route into homelessness, its stage, and the words it starts with."""

# slug, name, days since approach, source, scenario, reason code, accommodation code, stage
CASES = [
    (
        "new-family",
        "Jade Wilson",
        0,
        "self",
        "family_friends",
        "FAMILY_OR_FRIENDS_NO_LONGER_WILLING",
        "LIVING_WITH_FAMILY",
        "triage",
    ),
    (
        "mediation",
        "Tyler Green",
        20,
        "self",
        "family_friends",
        "FAMILY_OR_FRIENDS_NO_LONGER_WILLING",
        "LIVING_WITH_FAMILY",
        "prevention",
    ),
    (
        "stayed-home",
        "Ava Roberts",
        70,
        "self",
        "family_friends",
        "FAMILY_OR_FRIENDS_NO_LONGER_WILLING",
        "LIVING_WITH_FRIENDS",
        "prevented",
    ),
    (
        "s21-day-45",
        "Daniel Hughes",
        45,
        "self",
        "private_tenancy_end",
        "END_OF_PRIVATE_RENTED_TENANCY_ASSURED",
        "PRIVATE_RENTED_SECTOR",
        "prevention",
    ),
    (
        "s21-notice",
        "Grace Thompson",
        60,
        "agency",
        "private_tenancy_end",
        "END_OF_PRIVATE_RENTED_TENANCY_ASSURED",
        "PRIVATE_RENTED_SECTOR",
        "prevention-notice",
    ),
    (
        "prison",
        "Marcus Bell",
        10,
        "duty_to_refer",
        "leaving_prison",
        "LEFT_INSTITUTION_WITH_NO_ACCOMMODATION_A",
        "HOMELESS_ON_DEPARTURE_FROM_INSTITUTION",
        "relief",
    ),
    (
        "prison-decided",
        "Callum Reid",
        70,
        "duty_to_refer",
        "leaving_prison",
        "LEFT_INSTITUTION_WITH_NO_ACCOMMODATION_A",
        "HOMELESS_ON_DEPARTURE_FROM_INSTITUTION",
        "no-priority",
    ),
    (
        "da-relief",
        "Leah Morgan",
        8,
        "self",
        "domestic_abuse",
        "DOMESTIC_ABUSE",
        "SOCIAL_RENTED_SECTOR",
        "relief-interim",
    ),
    ("da-main", "Nadia Hussain", 75, "agency", "domestic_abuse", "DOMESTIC_ABUSE", "REFUGE", "main"),
    # Families in bed and breakfast: one in its fifth week, one past six weeks in total across two hotels.
    (
        "bnb-five-weeks",
        "Chloe Bennett",
        38,
        "self",
        "family_friends",
        "FAMILY_OR_FRIENDS_NO_LONGER_WILLING",
        "LIVING_WITH_FAMILY",
        "bnb-family",
    ),
    (
        "bnb-two-hotels",
        "Marcus Reid",
        60,
        "self",
        "family_friends",
        "FAMILY_OR_FRIENDS_NO_LONGER_WILLING",
        "LIVING_WITH_FAMILY",
        "bnb-two",
    ),
    (
        "unassigned",
        "Owen Price",
        1,
        "self",
        "family_friends",
        "NON_VIOLENT_RELATIONSHIP_BREAKDOWN_WITH",
        "LIVING_WITH_FAMILY",
        "unassigned",
    ),
]
HOSTS = {
    "family_friends": ("Karen Wilson", "Mother"),
    "domestic_abuse": ("", ""),
    "private_tenancy_end": ("", ""),
    "leaving_prison": ("", ""),
}
WORDS = {
    "family_friends": "Mum says I have to be out by the end of the month. We argue about money and my hours at work.",
    "private_tenancy_end": "The landlord wants to sell. I have been here four years and always paid my rent.",
    "leaving_prison": "I am released soon and my old flat went while I was inside. Probation referred me.",
    "domestic_abuse": "I had to leave with the children. I cannot go back there; it is not safe.",
}

# The two domestic abuse cases are different families: their own children, words and risks.
WORDS_FOR = {
    "da-main": "He found out where we were living. The refuge took us in, but we need somewhere he cannot find.",
}
HOUSING_NEEDS_FOR = {
    "da-relief": "A safe home for a parent and two children, away from the area where the abuse happened.",
    "da-main": "Two bedrooms near Amir's school, with a secure front door, and not in the ward where he lives.",
}
RISKS_FOR = {
    "da-relief": "The person who harmed them may look for them. Never share where they are staying.",
    "da-main": "A non-molestation order is in force. Check who is calling before confirming anything about the family.",
}
# name, years and months old today
CHILDREN_FOR = {
    "da-relief": [("Riley", 6, 4), ("Sky", 3, 9)],
    "da-main": [("Amir", 11, 2), ("Zara", 1, 7)],
    "bnb-five-weeks": [("Mia", 4, 1)],
    "bnb-two-hotels": [("Leo", 9, 6), ("Ella", 7, 0)],
}
