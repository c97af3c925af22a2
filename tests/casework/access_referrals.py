from tests.access_matrix import Access


def _referral_by_housing_worker(user, users):
    from tests.casework.factories import ReferralFactory

    return {"pk": ReferralFactory(referred_by=users["housing_worker"]).pk}


ACCESS = {
    "casework:referral_detail": Access(
        allowed=frozenset({"housing_worker", "prevention_officer", "team_leader", "administrator"}),
        kwargs=_referral_by_housing_worker,
    ),
}
