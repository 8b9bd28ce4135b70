"""Applications (permohonan): submitted exactly once, validated against their form version, tracked to completion."""
