print("bond: not built yet")
