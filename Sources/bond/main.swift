import BondPlugin

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// An IPAM plugin may exit without reading its stdin (host-local answers
// VERSION so): writing the configuration to it must then fail with EPIPE,
// which the plugin ignores, rather than kill the plugin with SIGPIPE.
_ = signal(SIGPIPE, SIG_IGN)

exit(BondPluginMain.main())
