from .checks import HclicCaseCheck
from .items import HclicItem
from .submissions import HclicSubmission

__all__ = ["HclicCaseCheck", "HclicItem", "HclicSubmission"]
