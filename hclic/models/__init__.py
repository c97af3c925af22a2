from .items import HclicItem
from .submissions import HclicSubmission

__all__ = ["HclicItem", "HclicSubmission"]
