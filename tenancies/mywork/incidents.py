"""mywork for incidents."""
