"""The service catalogue: MPP regions, agencies, services and their published standards."""
