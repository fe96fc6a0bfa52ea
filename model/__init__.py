"""An agent-based model of the art labour market under generative AI.

Public contract (model brief section 9)::

    from model import ArtMarketModel, Scenario, load_scenario
"""

from .model import ArtMarketModel
from .scenario import PARAMETERS, Scenario, ScenarioError, load_scenario

__all__ = ["ArtMarketModel", "Scenario", "ScenarioError", "load_scenario", "PARAMETERS"]
__version__ = "0.1.0"
