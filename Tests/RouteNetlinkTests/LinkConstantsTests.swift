import LinkConstants
import Testing

/// The UAPI numbers and the names iproute2 prints, both ways.
@Suite struct LinkConstantsTests {
    @Test func vfLinkStates() {
        #expect(VFLinkState.allCases.map(\.kernelValue) == [0, 1, 2])
        #expect(VFLinkState.allCases.map(\.rawValue) == ["auto", "enable", "disable"])
        #expect(VFLinkState(kernelValue: 3) == nil)
    }

    @Test func operStates() {
        #expect(OperState.allCases.map(\.kernelValue) == [0, 1, 2, 3, 4, 5, 6])
        #expect(OperState(kernelValue: 6) == .up)
        #expect(OperState(kernelValue: 7) == nil)
        #expect(OperState.lowerLayerDown.description == "lowerlayerdown")
    }

    @Test func bondModesAndRates() {
        for mode in BondMode.allCases { #expect(BondMode(kernelValue: mode.kernelValue) == mode) }
        #expect(BondMode(kernelValue: 7) == nil)
        #expect(LACPRate(kernelValue: 1) == .fast)
        #expect(LACPRate(kernelValue: 2) == nil)
    }
}
