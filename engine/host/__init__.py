"""The plugin host: hook specifications, the types plugins register, the registry."""
