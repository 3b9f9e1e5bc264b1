// Headers only; see include/CLinuxHeaders.h.
