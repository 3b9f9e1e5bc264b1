public import JSONValues

/// Renders values the way kube-apiserver (Go's fmt, strconv and encoding/json)
/// renders them in field errors, so messages read exactly like a real server's.
public enum GoFormat {
    /// `strconv.Quote`: double quotes, Go escapes, printable Unicode kept.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// `fmt.Sprint(float64)` (Go's `%g` with the shortest precision): plain
    /// decimal unless the decimal exponent is below -4 or at least 6, then
    /// `d.ddde±XX` (1000000 → `1e+06`, 0.00001 → `1e-05`, 123456 → `123456`).
    public static func float(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let negative = value < 0
        let (digits, point) = decimalDigits(abs(value))
        let exponent = point - 1
        var out = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            // %e: d.ddde±XX
            out.append(digits[0])
            if digits.count > 1 {
                out += "."
                out += String(digits.dropFirst())
            }
            out += exponent < 0 ? "e-" : "e+"
            let magnitude = String(abs(exponent))
            out += magnitude.count < 2 ? "0" + magnitude : magnitude
            return out
        }
        // %f with as many fraction digits as needed.
        if point > 0 {
            for index in 0..<point {
                out.append(index < digits.count ? digits[index] : "0")
            }
        } else {
            out += "0"
        }
        let fraction = digits.count - point
        if fraction > 0 {
            out += "."
            for offset in 0..<fraction {
                let index = point + offset
                out.append(index >= 0 && index < digits.count ? digits[index] : "0")
            }
        }
        return out
    }

    /// The shortest round-tripping decimal digits of a positive finite value,
    /// and the position of the decimal point: value = 0.d1d2d3... × 10^point.
    public static func decimalDigits(_ value: Double) -> (digits: [Character], point: Int) {
        let text = "\(value)"
        var mantissa = Substring(text)
        var exponent = 0
        if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[text.startIndex..<eIndex]
            exponent = Int(text[text.index(after: eIndex)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[mantissa.startIndex..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = Array(integerPart) + Array(fractionPart)
        var point = integerPart.count + exponent
        while let first = digits.first, first == "0", digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == "0", digits.count > 1 {
            digits.removeLast()
        }
        return (digits, point)
    }

    /// A value as `field.Error` renders its bad value (`Invalid value: <this>`):
    /// numbers and booleans plainly, strings quoted, anything else as JSON.
    public static func value(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return float(number)
        case .string(let text): return quote(text)
        case .array, .object: return value.jsonString
        }
    }

    /// A value as `fmt.Sprint` / the JSONPath printer renders it as text.
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return float(number)
        case .string(let text): return text
        case .array, .object: return value.jsonString
        }
    }

    /// A float converted to int64 the way Go's `int64(f)` does for in-range values; clamped otherwise.
    public static func truncatedInt64(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9.2e18 { return Int64.max }
        if value <= -9.2e18 { return Int64.min }
        return Int64(value.rounded(.towardZero))
    }
}
