"""Making sheets, cards and binders: read -> plan -> compose -> write -> commit."""
