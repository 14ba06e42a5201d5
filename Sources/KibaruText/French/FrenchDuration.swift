import Foundation

/// Durations as French progress lines give them, rounded to what a reader needs: « 45 s », « 3 min 20 s »,
/// « 1 h 05 min ».
public enum FrenchDuration {
    public static func format(seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded()))
        if total < 60 { return "\(total) s" }
        if total < 3600 { return total % 60 == 0 ? "\(total / 60) min" : "\(total / 60) min \(total % 60) s" }
        let minutes = (total + 30) / 60
        return String(format: "%d h %02d min", minutes / 60, minutes % 60)
    }
}
