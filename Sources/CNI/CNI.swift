// Placeholder until the CNI protocol types land.
