public import Netlink

/// A decoded RTM_NEWLINK / RTM_DELLINK message.
public struct LinkMessage: Equatable, Sendable {
    public var header: InterfaceInfoHeader
    public var attributes: LinkAttributes

    public init(header: InterfaceInfoHeader, attributes: LinkAttributes) {
        self.header = header
        self.attributes = attributes
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkError) {
        var cursor = ByteCursor(payload)
        header = try InterfaceInfoHeader(decoding: &cursor)
        attributes = try LinkAttributes(decoding: cursor.remaining)
    }

    public var index: Int32 { header.index }

    /// Administratively up (IFF_UP in ifi_flags).
    public var isUp: Bool { header.flags & IFF.up != 0 }
}

/// A change announced on RTNLGRP_LINK.
public enum LinkNotification: Equatable, Sendable {
    case changed(LinkMessage)
    case deleted(LinkMessage)

    /// Decodes a multicast message; nil for message types that are not about links.
    public init?(_ message: NetlinkMessage) throws(NetlinkError) {
        switch message.header.type {
        case RTM.newLink: self = .changed(try LinkMessage(decoding: message.payload))
        case RTM.delLink: self = .deleted(try LinkMessage(decoding: message.payload))
        default: return nil
        }
    }

    public var link: LinkMessage {
        switch self {
        case let .changed(link), let .deleted(link): return link
        }
    }
}
