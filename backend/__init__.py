"""MPP Digital backend: a thin Flask JSON API, one package per domain."""
