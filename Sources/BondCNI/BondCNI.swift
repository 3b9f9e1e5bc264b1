// Placeholder until the bond configuration lands.
