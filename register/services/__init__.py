"""Every write to the housing register: applications, preference, qualification, bedrooms, bands, referrals."""
