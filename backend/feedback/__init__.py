"""The satisfaction survey (SKM) with its IKM report, and complaints (pengaduan)."""
