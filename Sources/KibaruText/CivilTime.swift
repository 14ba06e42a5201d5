import Foundation

/// The calendar date and time of day of an instant at a fixed offset from UTC, by arithmetic (proleptic
/// Gregorian calendar): formatting dates for every page must not create formatters or calendars.
struct CivilTime {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    /// 0 for Sunday … 6 for Saturday.
    var weekday: Int
    /// Seconds east of UTC.
    var offset: Int

    /// `date` as seen in `timeZone` (its offset at that instant, summer time included).
    init(_ date: Date, timeZone: TimeZone) {
        // An offset in seconds (local mean time, before 1912 in Africa) has no RFC 3339 form: UTC then.
        let zoneOffset = timeZone.secondsFromGMT(for: date)
        let offset = zoneOffset % 60 == 0 ? zoneOffset : 0
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3_600
        minute = secondOfDay % 3_600 / 60
        second = secondOfDay % 60
        weekday = ((days % 7) + 11) % 7  // 1 January 1970 was a Thursday
        self.offset = offset
    }

    /// `2024-02-29T10:00:00Z`, or with the offset (`2024-02-29T10:00:00+01:00`): RFC 3339.
    var rfc3339: String {
        var text = "\(Self.padded(year, 4))-\(Self.padded(month))-\(Self.padded(day))T"
            + "\(Self.padded(hour)):\(Self.padded(minute)):\(Self.padded(second))"
        guard offset != 0 else { return text + "Z" }
        let minutes = abs(offset) / 60
        text += "\(offset < 0 ? "-" : "+")\(Self.padded(minutes / 60)):\(Self.padded(minutes % 60))"
        return text
    }

    static func padded(_ number: Int, _ width: Int = 2) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
