extension WordPressHTML {
    /// HTML character references: the named ones a Latin or French text uses, and every numeric one.
    enum Entities {
        /// Decodes the reference starting at `start` (an `&`), returning its text and the index after it, or `nil`
        /// when there is none there (the `&` is then plain text).
        ///
        /// Names need their `;`, except the few that browsers still read without one when no letter, digit or
        /// `=` follows (`&amp`, `&nbsp`…), so that `?a=1&copy=2` in a URL stays as typed.
        static func decode(_ scalars: [Unicode.Scalar], at start: Int) -> (text: String, end: Int)? {
            let next = start + 1
            guard next < scalars.count else { return nil }
            if scalars[next] == "#" { return decodeNumeric(scalars, at: next + 1) }
            var end = next
            while end < scalars.count, end - next < 10, isAlphanumeric(scalars[end]) { end += 1 }
            guard end > next else { return nil }
            let name = String(String.UnicodeScalarView(scalars[next..<end]))
            if end < scalars.count, scalars[end] == ";", let value = named[name] {
                return (String(value), end + 1)
            }
            let following = end < scalars.count ? scalars[end] : " "
            guard legacy.contains(name), !isAlphanumeric(following), following != "=", let value = named[name] else {
                return nil
            }
            return (String(value), end)
        }

        /// Decodes every reference in `text`.
        static func decodeAll(_ text: String) -> String {
            guard text.contains("&") else { return text }
            let scalars = Array(text.unicodeScalars)
            var result = String.UnicodeScalarView()
            var index = 0
            while index < scalars.count {
                if scalars[index] == "&", let (decoded, end) = decode(scalars, at: index) {
                    result.append(contentsOf: decoded.unicodeScalars)
                    index = end
                } else {
                    result.append(scalars[index])
                    index += 1
                }
            }
            return String(result)
        }

        private static func decodeNumeric(_ scalars: [Unicode.Scalar], at start: Int) -> (text: String, end: Int)? {
            var index = start
            let hexadecimal = index < scalars.count && (scalars[index] == "x" || scalars[index] == "X")
            if hexadecimal { index += 1 }
            let digitsStart = index
            var value: UInt32 = 0
            while index < scalars.count, let digit = digitValue(scalars[index], hexadecimal: hexadecimal) {
                value = min(value &* (hexadecimal ? 16 : 10) &+ digit, 0x11_0000)
                index += 1
            }
            guard index > digitsStart else { return nil }
            if index < scalars.count, scalars[index] == ";" { index += 1 }
            return (numericText(value), index)
        }

        /// What a browser shows for `&#value;`: Windows-1252 for 128–159, U+FFFD for what is no character;
        /// control characters other than tab and line end are left out.
        private static func numericText(_ value: UInt32) -> String {
            if let mapped = windows1252[value] { return String(mapped) }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
            if scalar.properties.generalCategory == .control && scalar != "\t" && scalar != "\n" { return "" }
            return String(scalar)
        }

        private static func digitValue(_ scalar: Unicode.Scalar, hexadecimal: Bool) -> UInt32? {
            switch scalar {
            case "0"..."9": scalar.value - 48
            case "a"..."f" where hexadecimal: scalar.value - 87
            case "A"..."F" where hexadecimal: scalar.value - 55
            default: nil
            }
        }

        static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }

        private static let legacy: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]

        /// Latin-1 (U+00A0 to U+00FF, in order), then the other names of HTML 4 a French text may use.
        private static let named: [String: Unicode.Scalar] = {
            let latin1 = """
                nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 \
                acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde \
                Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc \
                Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml \
                aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc \
                otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml
                """
            var table: [String: Unicode.Scalar] = [:]
            for (offset, name) in latin1.split(separator: " ").enumerated() {
                table[String(name)] = Unicode.Scalar(UInt32(0xA0 + offset))
            }
            let others: [(String, UInt32)] = [
                ("quot", 0x22), ("amp", 0x26), ("apos", 0x27), ("lt", 0x3C), ("gt", 0x3E), ("OElig", 0x152),
                ("oelig", 0x153), ("Scaron", 0x160), ("scaron", 0x161), ("Yuml", 0x178), ("fnof", 0x192),
                ("circ", 0x2C6), ("tilde", 0x2DC), ("ensp", 0x2002), ("emsp", 0x2003), ("thinsp", 0x2009),
                ("zwnj", 0x200C), ("zwj", 0x200D), ("lrm", 0x200E), ("rlm", 0x200F), ("ndash", 0x2013),
                ("mdash", 0x2014), ("lsquo", 0x2018), ("rsquo", 0x2019), ("sbquo", 0x201A), ("ldquo", 0x201C),
                ("rdquo", 0x201D), ("bdquo", 0x201E), ("dagger", 0x2020), ("Dagger", 0x2021), ("bull", 0x2022),
                ("hellip", 0x2026), ("permil", 0x2030), ("prime", 0x2032), ("Prime", 0x2033), ("lsaquo", 0x2039),
                ("rsaquo", 0x203A), ("oline", 0x203E), ("frasl", 0x2044), ("euro", 0x20AC), ("trade", 0x2122),
                ("larr", 0x2190), ("uarr", 0x2191), ("rarr", 0x2192), ("darr", 0x2193), ("harr", 0x2194),
                ("minus", 0x2212), ("infin", 0x221E), ("ne", 0x2260), ("le", 0x2264), ("ge", 0x2265),
                ("hearts", 0x2665),
            ]
            for (name, value) in others { table[name] = Unicode.Scalar(value) }
            return table
        }()

        private static let windows1252: [UInt32: Unicode.Scalar] = [
            0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}",
            0x86: "\u{2020}", 0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}",
            0x8B: "\u{2039}", 0x8C: "\u{0152}", 0x8E: "\u{017D}", 0x91: "\u{2018}", 0x92: "\u{2019}",
            0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}", 0x96: "\u{2013}", 0x97: "\u{2014}",
            0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}", 0x9C: "\u{0153}",
            0x9E: "\u{017E}", 0x9F: "\u{0178}",
        ]
    }
}
