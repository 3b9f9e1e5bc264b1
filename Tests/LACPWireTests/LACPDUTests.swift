import Testing
import LACPWire

/// An LACPDU as a bond sends it, field by field (IEEE 802.1AX-2014, 6.4.2.3).
func lacpduFrame(actorState: UInt8, partnerState: UInt8, subtype: UInt8 = 1) -> [UInt8] {
    var frame: [UInt8] = [0x01, 0x80, 0xC2, 0x00, 0x00, 0x02]      // slow protocols multicast
    frame += [0x02, 0x00, 0x00, 0x00, 0x00, 0x01]                   // source
    frame += [0x88, 0x09]                                           // ethertype
    frame += [subtype, 0x01]                                        // subtype LACP, version 1
    frame += [0x01, 20, 0xFF, 0xFF, 2, 0, 0, 0, 0, 1, 0, 15, 0, 0xFF, 0, 1, actorState, 0, 0, 0]    // actor TLV
    frame += [0x02, 20, 0xFF, 0xFF, 2, 0, 0, 0, 0, 2, 0, 15, 0, 0xFF, 0, 1, partnerState, 0, 0, 0] // partner TLV
    frame += [0x03, 16] + [UInt8](repeating: 0, count: 14)          // collector TLV
    frame += [0x00, 0x00] + [UInt8](repeating: 0, count: 50)        // terminator and padding
    return frame
}

@Suite struct LACPDUTests {
    @Test func readsTheSendersActorAndPartnerStates() {
        #expect(LACPDU(frame: lacpduFrame(actorState: 0x3F, partnerState: 0x0F)) == LACPDU(actorState: 0x3F, partnerState: 0x0F))
    }

    @Test func markerPDUsAndOtherSlowProtocolsAreNotLACPDUs() {
        #expect(LACPDU(frame: lacpduFrame(actorState: 0x3F, partnerState: 0x3F, subtype: 2)) == nil)
    }

    @Test func otherEthertypesAreNotLACPDUs() {
        var frame = lacpduFrame(actorState: 0x3F, partnerState: 0x3F)
        frame[13] = 0x00
        #expect(LACPDU(frame: frame) == nil)
    }

    @Test(arguments: [0, 13, 14, 33, 53])
    func truncatedFramesAreRejected(length: Int) {
        #expect(LACPDU(frame: Array(lacpduFrame(actorState: 0x3F, partnerState: 0x3F).prefix(length))) == nil)
    }

    @Test func wrongTLVLayoutIsRejected() {
        var frame = lacpduFrame(actorState: 0x3F, partnerState: 0x3F)
        frame[17] = 19
        #expect(LACPDU(frame: frame) == nil)
        frame = lacpduFrame(actorState: 0x3F, partnerState: 0x3F)
        frame[36] = 0x03
        #expect(LACPDU(frame: frame) == nil)
    }
}
