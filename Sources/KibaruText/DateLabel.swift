import Foundation

/// A day as readers of a language write it: « 29 février 2024 », « 1er mars 2024 » in French (``FrenchDate``),
/// "29 February 2024" in English; French for a language it does not know.
public enum DateLabel {
    /// The English month names, January first.
    static let englishMonthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The day of `date` as seen in `timeZone`, written in `language` (an ISO 639-1 code: `fr`, `en`).
    public static func format(_ date: Date, timeZone: TimeZone, language: String) -> String {
        guard LanguageTag.primary(language) == "en" else { return FrenchDate.format(date, timeZone: timeZone) }
        let time = CivilTime(date, timeZone: timeZone)
        return "\(time.day) \(englishMonthNames[time.month - 1]) \(time.year)"
    }
}
