"""mywork for agreements."""
