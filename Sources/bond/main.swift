import BondPlugin

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

exit(BondPluginMain.main())
