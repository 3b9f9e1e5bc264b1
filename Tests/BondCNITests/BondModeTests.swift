import LinkConstants
import BondCNI
import Testing

@Suite struct BondModeTests {
    @Test func modeKernelValues() {
        #expect(BondMode.allCases.map(\.kernelValue) == [0, 1, 2, 3, 4, 5, 6])
        #expect(BondMode.allCases.map(\.rawValue) == [
            "balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb",
        ])
    }

    @Test func xmitHashPolicyKernelValues() {
        #expect(XmitHashPolicy.allCases.map(\.kernelValue) == [0, 1, 2, 3, 4, 5])
        #expect(XmitHashPolicy.allCases.map(\.rawValue) == [
            "layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac",
        ])
    }

    @Test func lacpRateKernelValues() {
        #expect(LACPRate.slow.kernelValue == 0)
        #expect(LACPRate.fast.kernelValue == 1)
        #expect(LACPRate(rawValue: "fast") == .fast)
    }
}
