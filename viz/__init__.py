"""Browser views of the model: chart builders and the Solara page parts (no model logic)."""
