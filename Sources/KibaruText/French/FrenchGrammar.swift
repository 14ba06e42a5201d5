import Foundation

/// The small rules of French that messages and pages follow: « de » elided before a vowel or a mute h (« les
/// articles d’Awa »), and lists ending in « et » (counts: ``Words/count(_:_:_:)``).
public enum FrenchGrammar {
    /// « de » before `noun`, elided before a vowel or an h: « de Moussa », « d’Awa », « d’Hélène ».
    public static func of(_ noun: String) -> String {
        guard let first = noun.first else { return "de" }
        let letter = Folding.fold(String(first)).lowercased()
        return "aeiouyh".contains(letter) && !letter.isEmpty ? "d’\(noun)" : "de \(noun)"
    }

    /// The items as French lists them: « Awa », « Awa et Moussa », « Awa, Ali et Moussa » (with `and`, another
    /// language's: "Awa, Ali and Moussa").
    public static func list(_ items: [String], and: String = "et") -> String {
        zip(items, separators(count: items.count, and: and)).map { $0 + $1 }.joined()
    }

    /// What follows each of `count` items of a list: « , » between items, « et » (or `and`: "and" in an English
    /// list) before the last, nothing after.
    public static func separators(count: Int, and: String = "et") -> [String] {
        (0..<count).map { index in
            index == count - 1 ? "" : index == count - 2 ? " \(and) " : ", "
        }
    }
}
