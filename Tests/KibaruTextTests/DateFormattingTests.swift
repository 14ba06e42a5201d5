import Foundation
import KibaruText
import Testing

/// The dates pages print are computed by arithmetic, not by formatters made per call (issue 11): they must say
/// exactly what Foundation's formatters say, in every time zone, across centuries and summer time.
@Suite struct DateFormattingTests {
    static let zones = ["Africa/Bamako", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham",
                        "America/St_Johns", "UTC"].compactMap(TimeZone.init(identifier:))

    /// Instants from 1960 to 2100, every 3,000,017 seconds (about 35 days, so every day of the month and hour
    /// comes up), plus leap days and the edges of 1970. (Before 1912, some zones' offsets had seconds, which
    /// RFC 3339 cannot write: those dates are written in UTC.)
    static var instants: [Date] {
        stride(from: -315_619_200.0, to: 4_102_444_800, by: 3_000_017).map(Date.init(timeIntervalSince1970:))
            + [951_782_400, 1_709_164_800, -1, 0, 86_399, -86_401, 1_709_287_200.75].map(Date.init(timeIntervalSince1970:))
    }

    @Test(arguments: zones)
    func iso8601SaysWhatISO8601DateFormatterSays(_ zone: TimeZone) {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        for date in Self.instants {
            #expect(FrenchDate.iso8601(date, timeZone: zone) == formatter.string(from: date), "\(date) in \(zone)")
        }
    }

    @Test(arguments: zones)
    func frenchDatesNameTheDayOfTheZone(_ zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        for date in Self.instants {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let day = parts.day! == 1 ? "1er" : String(parts.day!)
            #expect(FrenchDate.format(date, timeZone: zone)
                == "\(day) \(FrenchDate.monthNames[parts.month! - 1]) \(parts.year!)")
        }
    }

    /// Foundation's formatter of `format` in UTC, the reference the hand-written dates are checked against.
    static func posixFormatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = format
        return formatter
    }

    @Test func rfc822SaysWhatDateFormatterSays() {
        let formatter = Self.posixFormatter("EEE, dd MMM yyyy HH:mm:ss '+0000'")
        for date in Self.instants {
            #expect(InternetDate.rfc822(date) == formatter.string(from: date), "\(date)")
        }
        #expect(InternetDate.rfc3339(Date(timeIntervalSince1970: 1_709_200_800)) == "2024-02-29T10:00:00Z")
    }

    @Test func httpDatesAreIMFFixdate() {
        let formatter = Self.posixFormatter("EEE, dd MMM yyyy HH:mm:ss 'GMT'")
        for date in Self.instants {
            #expect(InternetDate.http(date) == formatter.string(from: date), "\(date)")
        }
        #expect(InternetDate.http(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}

/// Excerpts read only the start of long texts (issue 11) and say the same as reading them whole.
@Suite struct ExcerptTests {
    /// The words of `text` that fit, read from the whole text (the former implementation).
    static func wholeText(_ text: String, _ maximumLength: Int) -> String {
        var result = ""
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            if result.count + word.count + 1 > maximumLength { return result + "…" }
            result += result.isEmpty ? String(word) : " " + word
        }
        return result
    }

    @Test func aLongTextIsCutAsIfReadWhole() {
        let words = ["Bamako", "le", "fleuve", "Niger", "monte", "à", "l’approche", "de", "l’hivernage", "et"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 0...200, using: &generator) {
                text += words.randomElement(using: &generator)!
                text += [" ", "  ", "\n", String(repeating: " ", count: Int.random(in: 1...90, using: &generator))]
                    .randomElement(using: &generator)!
            }
            for length in [10, 200] {
                #expect(Excerpt.make(text, maximumLength: length) == Self.wholeText(text, length), "\(text.debugDescription)")
            }
        }
    }
}
