// Placeholder until the plugin commands land.
