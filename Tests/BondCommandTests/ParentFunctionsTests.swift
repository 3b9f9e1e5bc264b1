import Foundation
import RouteNetlink
import Testing
@testable import BondPlugin

/// The sysfs half of finding a VF's PF: the parent PCI device the kernel
/// reports for the link, and that device's physfn/net folder.
@Suite struct ParentFunctionsTests {
    func link(parent: String?, bus: String?) -> LinkMessage {
        var attributes = LinkAttributes()
        attributes.name = "net1"
        attributes.parentDeviceName = parent
        attributes.parentDeviceBusName = bus
        return LinkMessage(header: InterfaceInfoHeader(index: 3), attributes: attributes)
    }

    @Test func aVFsPFIsNamedByItsPhysfnFolder() throws {
        let sysfs = FileManager.default.temporaryDirectory.appendingPathComponent("pfsr-sysfs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: sysfs) }
        try FileManager.default.createDirectory(
            atPath: "\(sysfs)/bus/pci/devices/0000:3b:02.0/physfn/net/ens1f0", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: "\(sysfs)/bus/pci/devices/0000:3b:00.0/net/ens1f0", withIntermediateDirectories: true)

        #expect(ParentFunctions.physfnNames(of: link(parent: "0000:3b:02.0", bus: "pci"), sysfs: sysfs) == ["ens1f0"])
        // A PF itself, a device on another bus, no parent, or a name that would leave the folder: none.
        #expect(ParentFunctions.physfnNames(of: link(parent: "0000:3b:00.0", bus: "pci"), sysfs: sysfs) == [])
        #expect(ParentFunctions.physfnNames(of: link(parent: "netdevsim1", bus: "netdevsim"), sysfs: sysfs) == [])
        #expect(ParentFunctions.physfnNames(of: link(parent: nil, bus: nil), sysfs: sysfs) == [])
        #expect(ParentFunctions.physfnNames(of: link(parent: "../../x", bus: "pci"), sysfs: sysfs) == [])
    }
}
