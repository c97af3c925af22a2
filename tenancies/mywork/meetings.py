"""mywork for meetings."""
