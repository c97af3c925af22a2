"""What a worker must do next in compliance, as sections registered with `core.mywork`."""
