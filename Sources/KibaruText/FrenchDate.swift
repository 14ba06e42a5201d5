import Foundation

/// Dates as French readers write them: "29 février 2024", "1er mars 2024".
public enum FrenchDate {
    /// The month names, January first.
    public static let monthNames = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre",
    ]

    /// A day, month and year in the calendar sense, without a time of day.
    public struct Day: Equatable, Sendable {
        public var year: Int
        public var month: Int
        public var day: Int

        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// The instant at `hour` o'clock of this day in `timeZone`, or `nil` when the day does not exist.
        public func date(in timeZone: TimeZone, hour: Int = 12) -> Date? {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let components = DateComponents(year: year, month: month, day: day, hour: hour)
            guard let date = calendar.date(from: components) else { return nil }
            let check = calendar.dateComponents([.year, .month, .day], from: date)
            return (check.year, check.month, check.day) == (year, month, day) ? date : nil
        }
    }

    /// "29 février 2024" for `date` as seen in `timeZone`; the first of a month is "1er".
    public static func format(_ date: Date, timeZone: TimeZone) -> String {
        let time = CivilTime(date, timeZone: timeZone)
        return "\(time.day == 1 ? "1er" : String(time.day)) \(monthNames[time.month - 1]) \(time.year)"
    }

    /// The ISO 8601 date and time with offset (`Z` in UTC), for `<time datetime>` and feeds.
    public static func iso8601(_ date: Date, timeZone: TimeZone) -> String {
        CivilTime(date, timeZone: timeZone).rfc3339
    }

    /// Reads "29 février 2024", "1er mars 2024", "mercredi 28 février 2024" or "29 Fevrier 2024" (case and
    /// accents are not significant); `nil` when `text` is not such a date or the day does not exist.
    public static func parse(_ text: String) -> Day? {
        var words = text.split(whereSeparator: { $0.isWhitespace }).map { Folding.fold(String($0)) }
        let weekdays: Set<String> = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        if let first = words.first, weekdays.contains(first) { words.removeFirst() }
        guard words.count == 3 else { return nil }
        let dayWord = words[0] == "1er" ? "1" : words[0]
        let foldedMonths = monthNames.map { Folding.fold($0) }
        guard let day = Int(dayWord), (1...31).contains(day),
            let monthIndex = foldedMonths.firstIndex(of: words[1]),
            words[2].count == 4, let year = Int(words[2])
        else { return nil }
        let result = Day(year: year, month: monthIndex + 1, day: day)
        return result.date(in: TimeZone(secondsFromGMT: 0)!) == nil ? nil : result
    }
}
